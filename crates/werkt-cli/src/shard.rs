//! Spreading organisations over machines: shard I of N processes the organisations whose
//! stable hash of the id falls in I. Every shard decides on its own, from the id alone, so no
//! coordinator is needed and the shards together cover every organisation exactly once.

use std::str::FromStr;

use anyhow::{Result, bail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let err = || format!("'{s}' is not a shard; expected I/N with 0 <= I < N, e.g. 0/4");
        let (i, n) = s.split_once('/').ok_or_else(err)?;
        let index: u64 = i.trim().parse().map_err(|_| err())?;
        let count: u64 = n.trim().parse().map_err(|_| err())?;
        if count == 0 || index >= count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Index and count variables of the batch systems that run array jobs, in the order they are
/// tried: Kubernetes Indexed Jobs (the count is not set by Kubernetes itself: pass
/// `JOB_COMPLETION_COUNT` from the Job's `completions`), Slurm job arrays, and werkt's own.
const ENV_PAIRS: [(&str, &str); 3] = [
    ("WERKT_SHARD_INDEX", "WERKT_SHARD_COUNT"),
    ("JOB_COMPLETION_INDEX", "JOB_COMPLETION_COUNT"),
    ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"),
];

impl Shard {
    /// The shard from `--shard`, else from the environment, else none (all organisations).
    pub fn resolve(
        flag: Option<Shard>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Shard>> {
        if flag.is_some() {
            return Ok(flag);
        }
        for (i, n) in ENV_PAIRS {
            match (env(i), env(n)) {
                (Some(index), Some(count)) => {
                    return format!("{index}/{count}")
                        .parse()
                        .map(Some)
                        .map_err(|e| anyhow::anyhow!("{i}/{n}: {e}"));
                }
                (Some(_), None) => {
                    bail!("{i} is set but {n} is not: set both, or pass --shard I/N")
                }
                _ => {}
            }
        }
        Ok(None)
    }

    pub fn owns(&self, id: &str) -> bool {
        stable_hash(id) % self.count == self.index
    }
}

/// FNV-1a, 64 bits: fixed forever, because changing it would move organisations between
/// shards and between the outputs of runs that are already scheduled.
fn stable_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            "1/4".parse::<Shard>().unwrap(),
            Shard { index: 1, count: 4 }
        );
        for bad in ["4/4", "1/0", "x/2", "1", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_id_lands_in_exactly_one_shard_and_shards_are_balanced() {
        let shards: Vec<Shard> = (0..4).map(|i| Shard { index: i, count: 4 }).collect();
        let mut sizes = [0; 4];
        for n in 0..10_000 {
            let id = format!("org-{n:05}");
            let owners: Vec<_> = shards.iter().filter(|s| s.owns(&id)).collect();
            assert_eq!(owners.len(), 1);
            sizes[owners[0].index as usize] += 1;
        }
        assert!(
            sizes.iter().all(|&s| (2300..2700).contains(&s)),
            "{sizes:?}"
        );
        // The hash is part of the contract: it must not change between versions.
        assert_eq!(stable_hash("org-00001"), 0x641c_9796_8746_d977);
    }

    #[test]
    fn comes_from_the_environment() {
        let env = |k: &str| match k {
            "SLURM_ARRAY_TASK_ID" => Some("2".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("3".to_string()),
            _ => None,
        };
        assert_eq!(
            Shard::resolve(None, env).unwrap(),
            Some(Shard { index: 2, count: 3 })
        );
        assert_eq!(
            Shard::resolve(Some(Shard { index: 0, count: 1 }), env).unwrap(),
            Some(Shard { index: 0, count: 1 })
        );
        let half = |k: &str| (k == "JOB_COMPLETION_INDEX").then(|| "1".to_string());
        assert!(Shard::resolve(None, half).is_err());
        assert_eq!(Shard::resolve(None, |_| None).unwrap(), None);
    }
}
