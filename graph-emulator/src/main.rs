//! `graph-emulator`: serves the emulated Graph endpoints until killed.
//! Prints one JSON line on stdout once both listeners are ready.

use graph_emulator::{Emulator, EmulatorConfig, SeedData};
use std::io::Write;
use std::path::PathBuf;

const USAGE: &str = "usage: graph-emulator [--port N] [--https-port N] [--no-tls] [--bind IP]
                      [--config FILE] [--seed FILE] [--state-dir DIR]
                      [--token-lifetime SECS] [--page-size N] [--log-capacity N]
                      [--identity-header SECRET]

Starts a local emulator of Microsoft Graph's cross-tenant access policy endpoints and an
Entra ID style token endpoint. Prints one JSON line (URLs, CA path, test app) on stdout when
ready, then serves until SIGINT/SIGTERM. Port 0 (the default) picks a free port.";

fn parse_args() -> Result<EmulatorConfig, String> {
    let mut cfg = EmulatorConfig::default();
    let mut config_file: Option<PathBuf> = None;
    let mut seed_files: Vec<PathBuf> = Vec::new();
    let mut overrides: Vec<(String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |n: &str| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => args.next().ok_or_else(|| format!("{n} needs a value")),
            }
        };
        match name.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "-V" | "--version" => {
                println!("graph-emulator {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            "--no-tls" => cfg.tls = false,
            "--config" => config_file = Some(PathBuf::from(value(&name)?)),
            "--seed" => seed_files.push(PathBuf::from(value(&name)?)),
            "--port" | "--https-port" | "--bind" | "--state-dir" | "--token-lifetime"
            | "--page-size" | "--log-capacity" | "--identity-header" => {
                let v = value(&name)?;
                overrides.push((name, v));
            }
            other => return Err(format!("unknown argument '{other}'\n\n{USAGE}")),
        }
    }
    // the config file first, flags on top
    if let Some(f) = config_file {
        cfg.apply_config_file(&f)
            .map_err(|e| format!("--config: {e}"))?;
    }
    for (name, v) in overrides {
        let bad = |e: &dyn std::fmt::Display| format!("{name} {v}: {e}");
        match name.as_str() {
            "--port" => cfg.http_port = v.parse().map_err(|e| bad(&e))?,
            "--https-port" => cfg.https_port = v.parse().map_err(|e| bad(&e))?,
            "--bind" => cfg.bind = v.parse().map_err(|e| bad(&e))?,
            "--state-dir" => cfg.state_dir = Some(PathBuf::from(&v)),
            "--token-lifetime" => cfg.token_lifetime_secs = v.parse().map_err(|e| bad(&e))?,
            "--page-size" => cfg.page_size = v.parse().map_err(|e| bad(&e))?,
            "--log-capacity" => cfg.log_capacity = v.parse().map_err(|e| bad(&e))?,
            "--identity-header" => cfg.identity_header = v.clone(),
            _ => unreachable!(),
        }
    }
    for f in seed_files {
        let text =
            std::fs::read_to_string(&f).map_err(|e| format!("--seed {}: {e}", f.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("--seed {}: {e}", f.display()))?;
        cfg.seed
            .extend(SeedData::from_json(v).map_err(|e| format!("--seed {}: {e}", f.display()))?);
    }
    Ok(cfg)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cfg = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("graph-emulator: {e}");
            std::process::exit(2);
        }
    };
    let emu = match Emulator::start(cfg).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("graph-emulator: failed to start: {e}");
            std::process::exit(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", emu.startup_info());
        let _ = out.flush();
    }
    wait_for_signal().await;
    drop(emu);
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
