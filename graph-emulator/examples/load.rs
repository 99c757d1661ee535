//! Throughput check: authenticated GETs of one identity synchronization policy over
//! keep-alive HTTP/1.1 connections on loopback, for a bounded time.
//!
//! ```text
//! cargo run --release -p graph-emulator --example load -- [--connections 32] [--seconds 5]
//! ```
//!
//! The emulator runs in this process on its own 2-thread runtime; the load runs on a second
//! 2-thread runtime, so both share the machine's cores.

use bytes::Bytes;
use graph_emulator::{Emulator, EmulatorConfig, ROLE_READ_ALL};
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const PARTNER: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let connections = arg("--connections", 32);
    let seconds = arg("--seconds", 5).min(60);
    let emu = Emulator::start_blocking(EmulatorConfig::default()).expect("emulator starts");
    let home = emu.test_app().tenant_id;
    emu.state().seed_sync_policy(
        &home,
        PARTNER,
        serde_json::json!({"displayName": "Load", "userSyncInbound": {"isSyncAllowed": true}}),
    );
    let token = emu.state().mint_token(&home, &[ROLE_READ_ALL], 3600);
    let addr = emu.http_url().trim_start_matches("http://").to_string();
    let path = format!(
        "/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..connections {
            let (addr, path, token) = (addr.clone(), path.clone(), token.clone());
            let (ok, failed, stop) = (ok.clone(), failed.clone(), stop.clone());
            tasks.push(tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(&addr)
                    .await
                    .expect("connect");
                stream.set_nodelay(true).ok();
                let (mut sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .expect("handshake");
                tokio::spawn(conn);
                while !stop.load(Ordering::Relaxed) {
                    let req = Request::get(path.as_str())
                        .header("host", addr.as_str())
                        .header("authorization", format!("Bearer {token}"))
                        .body(Empty::<Bytes>::new())
                        .unwrap();
                    match sender.send_request(req).await {
                        Ok(resp) => {
                            let status = resp.status();
                            let _ = resp.into_body().collect().await;
                            if status == 200 {
                                ok.fetch_add(1, Ordering::Relaxed);
                            } else {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            let _ = t.await;
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let n = ok.load(Ordering::Relaxed);
    println!(
        "{n} OK and {} failed GETs in {elapsed:.2} s over {connections} connections: {:.0} requests/s",
        failed.load(Ordering::Relaxed),
        n as f64 / elapsed
    );
    println!(
        "request log holds {} entries (bounded)",
        emu.state().request_log().len()
    );
}
