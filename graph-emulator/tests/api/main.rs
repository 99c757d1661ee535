//! End-to-end tests of the emulator over real HTTP and HTTPS.

mod admin_and_faults;
mod auth;
mod binary;
mod common;
mod deleted_items;
mod partners;
mod sync_policy;
