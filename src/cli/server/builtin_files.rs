//! The built-in packs as files an editor can open. A finding of a built-in
//! rule relates, and goes to, the rule's clause; the pack's text is in the
//! binary, so the server writes a copy of each pack (and of the data files
//! they declare) once, under the user's cache directory, in a folder named
//! by pilotlint's version and the packs' fingerprint (a newer binary never
//! reads an older copy), read-only, and points there. Without a cache
//! directory, or when it cannot be written, a built-in finding goes
//! nowhere, as before.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lsp_types::Url;
use pilotlint::builtin::{DATA, PACKS, PREFIX};

/// The copy of the built-in file `name` (`builtin:national`,
/// `builtin:data/pilot-areas.yaml`), written on first use.
pub(super) fn uri(name: &str) -> Option<Url> {
    static FILES: OnceLock<HashMap<String, Url>> = OnceLock::new();
    FILES
        .get_or_init(|| cache_dir().map(|d| write_all(&d)).unwrap_or_default())
        .get(name)
        .cloned()
}

/// `$XDG_CACHE_HOME/pilotlint/builtin-VERSION-FINGERPRINT`, else the same
/// under `~/.cache` (on Windows, `%LOCALAPPDATA%`).
fn cache_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
        .or_else(|| var("LOCALAPPDATA"))?;
    let mut all = Vec::new();
    for (name, text) in PACKS.iter().chain(DATA) {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(text.as_bytes());
        all.push(0);
    }
    let print = xxhash_rust::xxh3::xxh3_64(&all);
    Some(base.join("pilotlint").join(format!(
        "builtin-{}-{print:016x}",
        env!("CARGO_PKG_VERSION")
    )))
}

/// Writes every built-in file under `dir` (those already there with the
/// same text are left), and gives the URI of each by its name.
fn write_all(dir: &Path) -> HashMap<String, Url> {
    let packs = PACKS
        .iter()
        .map(|(n, text)| (format!("{PREFIX}{n}"), format!("{n}.rules"), *text));
    let data = DATA
        .iter()
        .map(|(path, text)| (format!("{PREFIX}{path}"), (*path).to_string(), *text));
    let mut files = HashMap::new();
    for (name, rel, text) in packs.chain(data) {
        let path = dir.join(rel);
        let written =
            std::fs::read(&path).is_ok_and(|b| b == text.as_bytes()) || write(&path, text).is_ok();
        if written && let Ok(uri) = Url::from_file_path(&path) {
            files.insert(name, uri);
        }
    }
    files
}

/// Writes `text` to `path` whole (a temporary file renamed over it, so two
/// servers starting at once never read half a copy), read-only.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut file = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    let mut permissions = file.as_file().metadata()?.permissions();
    permissions.set_readonly(true);
    file.as_file().set_permissions(permissions)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
