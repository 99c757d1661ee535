//! Generates the C header with cbindgen into OUT_DIR. With
//! `MGP_UPDATE_HEADER=1` it also writes `include/mgpolicy.h`; a test fails
//! when the committed header differs from the generated one.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/error.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=MGP_UPDATE_HEADER");
    // A stable name for loaders: a copy loaded by full path then also
    // satisfies later lookups by name (DllImport("mgpolicy"), dlopen).
    match env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux" | "android" | "freebsd" | "netbsd" | "openbsd") => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libmgpolicy.so");
        }
        Ok("macos" | "ios") => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libmgpolicy.dylib");
        }
        _ => {}
    }
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let version = env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let mut parts = version.split(['.', '-']);
    let mut next = || parts.next().unwrap_or("0").to_string();
    let (major, minor, patch) = (next(), next(), next());
    let mut config =
        cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    config.after_includes = Some(format!(
        "\n#define MGP_VERSION \"{version}\"\n#define MGP_VERSION_MAJOR {major}\n\
         #define MGP_VERSION_MINOR {minor}\n#define MGP_VERSION_PATCH {patch}"
    ));
    let header = cbindgen::Builder::new()
        .with_crate(&root)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("mgpolicy.h");
    header.write_to_file(&out);
    if env::var("MGP_UPDATE_HEADER").is_ok_and(|v| v == "1") {
        header.write_to_file(root.join("include/mgpolicy.h"));
    }
}
