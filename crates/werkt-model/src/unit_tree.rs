use std::collections::HashMap;
use std::fmt;

use crate::Unit;

/// Index of a unit in a [`UnitTree`].
pub type UnitIx = usize;

/// The organisation's units as a tree, for rolling figures up: a unit's figure includes all
/// its descendants' (domain.md section 0).
///
/// Invariant: exactly one root, every parent exists, no cycles; `order` lists every unit after
/// its parent (pre-order), so a reverse walk visits children before parents.
#[derive(Debug, Clone)]
pub struct UnitTree {
    ids: Vec<String>,
    index: HashMap<String, UnitIx>,
    parent: Vec<Option<UnitIx>>,
    children: Vec<Vec<UnitIx>>,
    order: Vec<UnitIx>,
    /// Position of each unit in `order`.
    pos: Vec<usize>,
    /// Number of units in each unit's subtree (itself included).
    size: Vec<usize>,
    root: UnitIx,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitTreeError {
    NoUnits,
    DuplicateId(String),
    NoRoot,
    SeveralRoots(Vec<String>),
    UnknownParent { unit: String, parent: String },
    Cycle(Vec<String>),
}

impl fmt::Display for UnitTreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitTreeError::NoUnits => write!(f, "there are no units"),
            UnitTreeError::DuplicateId(id) => write!(f, "unit id '{id}' occurs twice"),
            UnitTreeError::NoRoot => {
                write!(f, "no unit has an empty parent_id, so there is no root")
            }
            UnitTreeError::SeveralRoots(r) => {
                write!(
                    f,
                    "several units have an empty parent_id ({}); exactly one root is allowed",
                    r.join(", ")
                )
            }
            UnitTreeError::UnknownParent { unit, parent } => {
                write!(
                    f,
                    "unit '{unit}' has parent '{parent}', which is not a unit"
                )
            }
            UnitTreeError::Cycle(c) => write!(f, "the units {} form a cycle", c.join(" -> ")),
        }
    }
}

impl std::error::Error for UnitTreeError {}

impl UnitTree {
    pub fn new(units: &[Unit]) -> Result<UnitTree, UnitTreeError> {
        if units.is_empty() {
            return Err(UnitTreeError::NoUnits);
        }
        let mut index = HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            if index.insert(u.id.clone(), i).is_some() {
                return Err(UnitTreeError::DuplicateId(u.id.clone()));
            }
        }
        let mut parent = vec![None; units.len()];
        let mut children = vec![Vec::new(); units.len()];
        let mut roots = Vec::new();
        for (i, u) in units.iter().enumerate() {
            match &u.parent {
                None => roots.push(i),
                Some(p) => {
                    let &pi = index.get(p).ok_or_else(|| UnitTreeError::UnknownParent {
                        unit: u.id.clone(),
                        parent: p.clone(),
                    })?;
                    parent[i] = Some(pi);
                    children[pi].push(i);
                }
            }
        }
        let root = match roots.as_slice() {
            [] => {
                return Err(match find_cycle(&parent) {
                    Some(c) => {
                        UnitTreeError::Cycle(c.iter().map(|&i| units[i].id.clone()).collect())
                    }
                    None => UnitTreeError::NoRoot,
                });
            }
            [r] => *r,
            many => {
                return Err(UnitTreeError::SeveralRoots(
                    many.iter().map(|&i| units[i].id.clone()).collect(),
                ));
            }
        };
        // Children sorted by id, so every walk is independent of the input's row order.
        for c in &mut children {
            c.sort_by(|&a, &b| units[a].id.cmp(&units[b].id));
        }
        let mut order = Vec::with_capacity(units.len());
        let mut stack = vec![root];
        while let Some(u) = stack.pop() {
            order.push(u);
            stack.extend(children[u].iter().rev());
        }
        if order.len() != units.len() {
            let c = find_cycle(&parent).unwrap_or_default();
            return Err(UnitTreeError::Cycle(
                c.iter().map(|&i| units[i].id.clone()).collect(),
            ));
        }
        let mut pos = vec![0; units.len()];
        for (i, &u) in order.iter().enumerate() {
            pos[u] = i;
        }
        let mut size = vec![1; units.len()];
        for &u in order.iter().rev() {
            if let Some(p) = parent[u] {
                size[p] += size[u];
            }
        }
        Ok(UnitTree {
            ids: units.iter().map(|u| u.id.clone()).collect(),
            index,
            parent,
            children,
            order,
            pos,
            size,
            root,
        })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn root(&self) -> UnitIx {
        self.root
    }

    pub fn id(&self, u: UnitIx) -> &str {
        &self.ids[u]
    }

    pub fn index_of(&self, id: &str) -> Option<UnitIx> {
        self.index.get(id).copied()
    }

    pub fn parent(&self, u: UnitIx) -> Option<UnitIx> {
        self.parent[u]
    }

    /// Children in id order.
    pub fn children(&self, u: UnitIx) -> &[UnitIx] {
        &self.children[u]
    }

    /// Every unit, parents before children (pre-order, children in id order).
    pub fn preorder(&self) -> &[UnitIx] {
        &self.order
    }

    /// `u` itself, then its parent, up to the root. O(depth): on a deep tree, walking it for
    /// every unit or person is quadratic; use [`UnitTree::depths`], [`UnitTree::subtree`] or
    /// [`UnitTree::roll_up`] for whole-tree questions.
    pub fn ancestors_or_self(&self, u: UnitIx) -> impl Iterator<Item = UnitIx> + '_ {
        std::iter::successors(Some(u), move |&x| self.parent[x])
    }

    /// Every unit's depth (the root is 0), in one pass.
    pub fn depths(&self) -> Vec<usize> {
        let mut depth = vec![0; self.len()];
        for &u in &self.order {
            depth[u] = self.parent[u].map_or(0, |p| depth[p] + 1);
        }
        depth
    }

    /// `u` and its descendants, in pre-order: a contiguous run of [`UnitTree::preorder`].
    pub fn subtree(&self, u: UnitIx) -> &[UnitIx] {
        let start = self.pos[u];
        &self.order[start..start + self.size[u]]
    }

    /// Whether `x` is `u` or one of its descendants, in constant time.
    pub fn is_in_subtree(&self, x: UnitIx, u: UnitIx) -> bool {
        let (px, pu) = (self.pos[x], self.pos[u]);
        px >= pu && px < pu + self.size[u]
    }

    /// Adds every unit's own value into all its ancestors: turns per-unit direct figures into
    /// the rolled-up figures of domain.md ("a unit's figure includes all its descendants").
    pub fn roll_up<T: Clone>(&self, direct: &[T], mut add: impl FnMut(&mut T, &T)) -> Vec<T> {
        let mut total = direct.to_vec();
        for &u in self.order.iter().rev() {
            if let Some(p) = self.parent[u] {
                let (child, parent) = if u < p {
                    let (a, b) = total.split_at_mut(p);
                    (&a[u], &mut b[0])
                } else {
                    let (a, b) = total.split_at_mut(u);
                    (&b[0], &mut a[p])
                };
                add(parent, child);
            }
        }
        total
    }
}

/// The first cycle of parent links, as units `a -> b -> ... -> a`. Linear: each unit is
/// walked once over all starts, since a walk that reaches a unit an earlier walk visited
/// stops (that walk found no cycle from there). A fresh walk and `seen` list per start was
/// quadratic on a long chain beside a cycle.
fn find_cycle(parent: &[Option<UnitIx>]) -> Option<Vec<UnitIx>> {
    // mark[u]: 0 until visited, then 1 + the start of the walk that visited it.
    let mut mark = vec![0usize; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        if mark[start] != 0 {
            continue;
        }
        let walk = start + 1;
        path.clear();
        let mut cur = Some(start);
        while let Some(u) = cur {
            if mark[u] == walk {
                let at = path.iter().position(|&x| x == u).unwrap_or(0);
                let mut cycle = path[at..].to_vec();
                cycle.push(u);
                return Some(cycle);
            }
            if mark[u] != 0 {
                // Reached by an earlier walk, which found no cycle from there.
                break;
            }
            mark[u] = walk;
            path.push(u);
            cur = parent[u];
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            name: id.into(),
            parent: parent.map(Into::into),
            org_form: None,
        }
    }

    #[test]
    fn rolls_up_through_the_tree() {
        let units = [
            unit("b", Some("org")),
            unit("org", None),
            unit("a", Some("org")),
            unit("a1", Some("a")),
        ];
        let t = UnitTree::new(&units).unwrap();
        let sums = t.roll_up(&[1, 10, 100, 1000], |p, c| *p += *c);
        assert_eq!(sums, vec![1, 1111, 1100, 1000]);
        assert_eq!(t.id(t.root()), "org");
        let pre: Vec<_> = t.preorder().iter().map(|&u| t.id(u)).collect();
        assert_eq!(pre, ["org", "a", "a1", "b"]);
    }

    #[test]
    fn depths_and_subtrees_agree_with_the_ancestor_walk() {
        // A tree of every shape: unit i's parent is i / 3 (ids sort "u10" before "u2", so the
        // pre-order is not the index order).
        let mut units = vec![unit("u0", None)];
        for i in 1..200 {
            let parent = format!("u{}", i / 3);
            units.push(Unit {
                parent: Some(parent),
                ..unit(&format!("u{i}"), None)
            });
        }
        let t = UnitTree::new(&units).unwrap();
        let depth = t.depths();
        for (u, &d) in depth.iter().enumerate() {
            assert_eq!(d, t.ancestors_or_self(u).count() - 1);
            let mut walked: Vec<UnitIx> = (0..t.len())
                .filter(|&x| t.ancestors_or_self(x).any(|a| a == u))
                .collect();
            let mut sub = t.subtree(u).to_vec();
            walked.sort_unstable();
            sub.sort_unstable();
            assert_eq!(sub, walked, "subtree of {}", t.id(u));
            for x in 0..t.len() {
                assert_eq!(t.is_in_subtree(x, u), walked.contains(&x));
            }
        }
    }

    /// Issue 13: a cycle beside a long chain was found by a fresh walk with a fresh `seen`
    /// list from every unit: quadratic (seconds for 40,000 units, minutes for more).
    #[test]
    fn a_cycle_beside_a_long_chain_is_found_in_linear_time() {
        let n = 40_000;
        let mut units = vec![unit("c0", None)];
        for i in 1..n {
            units.push(Unit {
                parent: Some(format!("c{}", i - 1)),
                ..unit(&format!("c{i}"), None)
            });
        }
        units.push(unit("x", Some("y")));
        units.push(unit("y", Some("x")));
        let r = UnitTree::new(&units);
        assert_eq!(
            r.unwrap_err(),
            UnitTreeError::Cycle(vec!["x".into(), "y".into(), "x".into()])
        );
        // The chain itself: depths and subtrees in linear time too.
        let t = UnitTree::new(&units[..n]).unwrap();
        let t0 = std::time::Instant::now();
        let depth = t.depths();
        let total: usize = (0..n).map(|u| t.subtree(u).len()).sum();
        assert!(t0.elapsed().as_secs_f64() < 1.0);
        assert_eq!(depth[t.index_of("c39999").unwrap()], n - 1);
        assert_eq!(total, n * (n + 1) / 2);
    }

    #[test]
    fn rejects_bad_trees() {
        let cyc = [
            unit("org", None),
            unit("a", Some("b")),
            unit("b", Some("a")),
        ];
        assert!(matches!(UnitTree::new(&cyc), Err(UnitTreeError::Cycle(_))));
        let two = [unit("x", None), unit("y", None)];
        assert!(matches!(
            UnitTree::new(&two),
            Err(UnitTreeError::SeveralRoots(_))
        ));
        let unknown = [unit("x", None), unit("y", Some("z"))];
        assert!(matches!(
            UnitTree::new(&unknown),
            Err(UnitTreeError::UnknownParent { .. })
        ));
    }
}
