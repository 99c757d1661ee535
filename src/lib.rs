//! mgpolicy: Microsoft Entra cross-tenant identity synchronization policies
//! through Microsoft Graph, as a native library with a C ABI.
//!
//! The crate is laid out by concern: [`model`] (Graph types and body
//! normalisation), [`operations`] (the one table of cmdlet parameter sets),
//! [`request`] (arguments to HTTP requests, what-if plans), [`transport`] and
//! [`retry`] (HTTP, proxies, CAs, backoff), [`auth`] (tokens), [`client`]
//! (the call loop), [`response`] (results and Graph errors), [`error`]
//! (statuses) and [`ffi`] (the C ABI, the only place with `unsafe`).

#![deny(unsafe_code)]

pub mod auth;
pub mod client;
pub mod config;
pub mod error;
pub mod headers;
pub mod model;
pub mod operations;
pub mod powershell;
pub mod request;
pub mod response;
pub mod retry;
pub mod transport;
pub mod wire;

#[allow(unsafe_code, non_camel_case_types)]
pub mod ffi;

pub use client::Client;
pub use error::{Error, Result, mgp_status};
