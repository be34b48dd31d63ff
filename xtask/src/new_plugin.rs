//! `cargo xtask new-plugin NAME [DIR]`: writes a working plugin crate from the templates in
//! xtask/plugin-template/ (embedded at compile time, so the xtask binary is self-contained).
//!
//! Without DIR the crate goes to plugins/NAME inside this workspace and depends on the SDK by
//! a relative path; with DIR it goes to DIR/NAME, depends on this checkout's
//! crates/werkt-plugin by absolute path, and carries its own `[workspace]` table so it builds
//! on its own, outside any workspace.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// (path inside the new crate, template text)
const TEMPLATES: [(&str, &str); 3] = [
    (
        "Cargo.toml",
        include_str!("../plugin-template/Cargo.toml.in"),
    ),
    (
        "src/lib.rs",
        include_str!("../plugin-template/src/lib.rs.in"),
    ),
    ("README.md", include_str!("../plugin-template/README.md.in")),
];

/// Creates the crate and prints where it is and what to do next.
pub fn run(name: &str, dir: Option<&Path>) -> Result<()> {
    let root = workspace_root();
    let crate_dir = create(&root, name, dir)?;
    let lib_file = lib_file_name(name);
    let in_tree = crate_dir.starts_with(&root);
    println!("created plugin '{name}' in {}", crate_dir.display());
    if in_tree {
        if !root_covers(&root, &crate_dir)? {
            eprintln!(
                "warning: {} is not a member of the workspace; add \"plugins/*\" to `members` in {}",
                crate_dir.display(),
                root.join("Cargo.toml").display()
            );
        }
        println!(
            "next: cargo build -p werkt-{}  (writes target/debug/{lib_file})",
            name.replace('_', "-")
        );
    } else {
        println!(
            "next: cd {} && cargo build  (writes target/debug/{lib_file})",
            crate_dir.display()
        );
    }
    println!("then add [plugins.{name}] to your werkt configuration (see docs/writing-plugins.md)");
    Ok(())
}

/// Writes the crate for `name` (under `dir`, or `root`/plugins) and returns its directory.
/// Refuses an invalid name or an existing directory: it never overwrites anyone's work.
pub fn create(root: &Path, name: &str, dir: Option<&Path>) -> Result<PathBuf> {
    validate_name(name)?;
    let parent = match dir {
        Some(d) => absolute(d)?,
        None => root.join("plugins"),
    };
    let crate_dir = parent.join(name);
    if crate_dir.exists() {
        bail!(
            "{} already exists; choose another name or remove it",
            crate_dir.display()
        );
    }
    let sdk = root.join("crates/werkt-plugin");
    let in_tree = crate_dir.starts_with(root);
    let (sdk_path, workspace_table) = if in_tree {
        (
            relative_to_root(root, &crate_dir)?.join("crates/werkt-plugin"),
            String::new(),
        )
    } else {
        let table =
            "\n# Not part of werkt's workspace: this crate builds on its own.\n[workspace]\n"
                .to_string();
        (sdk, table)
    };
    let vars = [
        ("{{name}}", name.to_string()),
        ("{{name_dashed}}", name.replace('_', "-")),
        ("{{type_name}}", type_name(name)),
        ("{{lib_file}}", lib_file_name(name)),
        // TOML basic strings take `/` everywhere; a Windows path's `\` would be an escape.
        (
            "{{sdk_path}}",
            sdk_path.to_string_lossy().replace('\\', "/"),
        ),
        ("{{workspace_table}}", workspace_table),
    ];
    for (file, template) in TEMPLATES {
        let path = crate_dir.join(file);
        let parent = path.parent().expect("template paths have a parent");
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        std::fs::write(&path, render(template, &vars))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(crate_dir)
}

fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut text = template.to_string();
    for (key, value) in vars {
        text = text.replace(key, value);
    }
    // A template ends with one newline whatever the last variable expanded to.
    format!("{}\n", text.trim_end())
}

/// `[a-z][a-z0-9_]*`: the key under `[plugins.NAME]`, part of a file and a Rust crate name.
fn validate_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        bail!(
            "'{name}' is not a plugin name: use lower-case letters, digits and _, starting with a letter"
        );
    }
    Ok(())
}

/// `sick_leave` -> `SickLeave`.
fn type_name(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// What cargo calls the cdylib of `werkt_<name>` on this platform.
fn lib_file_name(name: &str) -> String {
    format!(
        "{}werkt_{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("resolving {}", p.display()))?;
    // Resolve symlinks where the directory exists, so "inside the workspace" is decided on
    // real paths.
    Ok(abs.canonicalize().unwrap_or(abs))
}

/// `../..` from `crate_dir` back to `root`.
fn relative_to_root(root: &Path, crate_dir: &Path) -> Result<PathBuf> {
    let inner = crate_dir
        .strip_prefix(root)
        .context("the crate is not inside the workspace")?;
    let depth = inner
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    Ok((0..depth).map(|_| "..").collect())
}

/// Whether the root Cargo.toml's `members` list names the crate directory or a glob of its
/// parent (`plugins/*`); cargo refuses to build a package inside a workspace that does not.
fn root_covers(root: &Path, crate_dir: &Path) -> Result<bool> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .context("reading the workspace Cargo.toml")?;
    let inner = crate_dir
        .strip_prefix(root)?
        .to_string_lossy()
        .replace('\\', "/");
    let glob = match inner.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/*"),
        None => "*".to_string(),
    };
    Ok(manifest.contains(&format!("\"{inner}\"")) || manifest.contains(&format!("\"{glob}\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("werkt-new-plugin-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn names_are_checked_and_converted() {
        assert!(validate_name("sick_leave2").is_ok());
        for bad in ["", "Sick", "2x", "a-b", "a b", "a/b"] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        assert_eq!(type_name("sick_leave_roi"), "SickLeaveRoi");
        assert_eq!(type_name("x"), "X");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let root = workspace_root();
        let out = scratch("render");
        let dir = create(&root, "team_size", Some(&out)).unwrap();
        for (file, _) in TEMPLATES {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            assert!(
                !text.contains("{{"),
                "{file} still has a placeholder:\n{text}"
            );
        }
        let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(lib.contains("pub struct TeamSize;"));
        assert!(lib.contains("name: \"team_size\".into()"));
        assert!(lib.contains("werkt_plugin::export_plugin!(TeamSize);"));
        assert!(!lib.contains("unsafe") && !lib.contains("extern \"C\""));
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn out_of_tree_crates_use_an_absolute_sdk_path_and_their_own_workspace() {
        let root = workspace_root();
        let out = scratch("oot");
        let dir = create(&root, "headcount", Some(&out)).unwrap();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let sdk = root
            .join("crates/werkt-plugin")
            .to_string_lossy()
            .replace('\\', "/");
        assert!(
            manifest.contains(&format!("werkt-plugin = {{ path = \"{sdk}\" }}")),
            "{manifest}"
        );
        assert!(Path::new(&sdk).join("Cargo.toml").is_file());
        assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
        assert!(manifest.contains("name = \"werkt_headcount\""));
        assert!(manifest.contains("crate-type = [\"cdylib\"]"));
        // Never overwrites.
        let err = create(&root, "headcount", Some(&out)).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn in_tree_crates_use_a_relative_sdk_path() {
        let root = workspace_root();
        let plugins = root.join("plugins");
        assert_eq!(
            relative_to_root(&root, &plugins.join("x")).unwrap(),
            PathBuf::from("../..")
        );
        let rendered = render(
            TEMPLATES[0].1,
            &[
                ("{{sdk_path}}", "../../crates/werkt-plugin".into()),
                ("{{workspace_table}}", String::new()),
            ],
        );
        assert!(rendered.contains("werkt-plugin = { path = \"../../crates/werkt-plugin\" }"));
        assert!(!rendered.contains("[workspace]"));
    }
}
