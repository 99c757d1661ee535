//! The C ABI. Every export is a plain `extern "C"` function whose body runs
//! inside [`guard`], which checks pointers, catches panics and records the
//! thread-local last-error message. This module is the only place with
//! `unsafe`; each block says why it is sound.
//!
//! Conventions (also in the header):
//! - Strings in are NUL-terminated UTF-8; NULL where a string is required
//!   gives `MGP_STATUS_NULL_ARGUMENT`, bad UTF-8 gives `MGP_STATUS_INVALID_UTF8`.
//! - Strings out are copied into caller buffers as `(buf, len, *out_len)`:
//!   `*out_len` receives the length without the terminating NUL; when `buf` is
//!   NULL or `len <= *out_len` the call returns `MGP_STATUS_BUFFER_TOO_SMALL`
//!   and writes nothing else, so callers can ask for the size first.
//! - Owned objects (`mgp_client`, `mgp_response`) are freed with their
//!   `_free`, which accepts NULL.

#![allow(clippy::not_unsafe_ptr_arg_deref)]

mod client;
mod operations;
mod response;
pub(crate) mod signals;

use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;

pub use crate::error::mgp_status;
use crate::error::{Error, Result};
pub use client::*;
pub use operations::*;
pub use response::*;

/// The ABI generation. Bindings compare it with the value they were written
/// for and refuse to load a library with another one.
pub const MGP_ABI_VERSION: u32 = 1;

/// `mgp_sync_policy_fields` tri-state: the property is not sent.
pub const MGP_TRISTATE_UNSET: u32 = 0;
/// `mgp_sync_policy_fields` tri-state: `{"isSyncAllowed": false}`.
pub const MGP_TRISTATE_FALSE: u32 = 1;
/// `mgp_sync_policy_fields` tri-state: `{"isSyncAllowed": true}`.
pub const MGP_TRISTATE_TRUE: u32 = 2;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(message: &str) {
    LAST_ERROR.with(|e| {
        let mut e = e.borrow_mut();
        e.clear();
        e.push_str(message);
    });
}

/// Runs an export body: maps `Err` to its status and message, and a panic to
/// `MGP_STATUS_PANIC`. The last-error message is cleared on success.
fn guard(body: impl FnOnce() -> Result<mgp_status>) -> mgp_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(status)) => {
            if status == mgp_status::Ok {
                set_last_error("");
            }
            status
        }
        Ok(Err(error)) => {
            set_last_error(&error.message);
            error.status
        }
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            set_last_error(&format!(
                "internal panic caught at the ABI boundary: {detail}"
            ));
            mgp_status::Panic
        }
    }
}

/// Like [`guard`] for accessors: failures give their status (NULL argument,
/// buffer too small) but the last-error message, which describes the last
/// failed operation or client creation, is left untouched.
fn guard_keep(body: impl FnOnce() -> Result<mgp_status>) -> mgp_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(status)) => status,
        Ok(Err(error)) => error.status,
        Err(_) => mgp_status::Panic,
    }
}

/// Like [`guard`] for functions that report nothing (the `_free`s): a
/// panic is contained, and the last-error message is left as it was, so a
/// caller may free a failed call's response before reading the message.
fn guard_quiet(body: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(body));
}

/// A required string argument.
fn str_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(Error::new(
            mgp_status::NullArgument,
            format!("{name} is NULL"),
        ));
    }
    // SAFETY: the pointer is non-NULL and the caller promises (per the header)
    // a NUL-terminated string that stays valid for the duration of the call.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map_err(|_| {
        Error::new(
            mgp_status::InvalidUtf8,
            format!("{name} is not valid UTF-8"),
        )
    })
}

/// An optional string argument (NULL means absent).
fn opt_str_arg<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        str_arg(ptr, name).map(Some)
    }
}

/// Parses JSON text from a caller.
fn parse_json(text: &str, name: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            mgp_status::InvalidJson,
            format!(
                "{name} is not valid JSON: {} at line {} column {}",
                classify(&e),
                e.line(),
                e.column()
            ),
        )
    })
}

fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "unexpected end of input",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    }
}

/// A required JSON argument.
fn json_arg(ptr: *const c_char, name: &str) -> Result<Value> {
    parse_json(str_arg(ptr, name)?, name)
}

/// An optional JSON argument (NULL means absent).
fn opt_json_arg(ptr: *const c_char, name: &str) -> Result<Option<Value>> {
    opt_str_arg(ptr, name)?
        .map(|t| parse_json(t, name))
        .transpose()
}

/// Checks an out-pointer before any work is done.
fn check_out<T>(ptr: *mut *mut T, name: &str) -> Result<()> {
    if ptr.is_null() {
        Err(Error::new(
            mgp_status::NullArgument,
            format!("{name} is NULL"),
        ))
    } else {
        Ok(())
    }
}

/// Moves `value` to the heap and hands it out through `out`.
fn write_out<T>(out: *mut *mut T, value: T) {
    let raw = Box::into_raw(Box::new(value));
    // SAFETY: `out` was checked non-NULL by `check_out` and points to caller
    // memory able to hold one pointer.
    unsafe { *out = raw };
}

/// Copies `text` into a caller buffer as described in the module docs.
fn copy_out(text: &str, buf: *mut c_char, len: usize, out_len: *mut usize) -> Result<mgp_status> {
    if out_len.is_null() {
        return Err(Error::new(mgp_status::NullArgument, "out_len is NULL"));
    }
    // SAFETY: `out_len` is non-NULL and points to a caller-owned size_t.
    unsafe { *out_len = text.len() };
    if buf.is_null() || len <= text.len() {
        return Err(Error::new(
            mgp_status::BufferTooSmall,
            format!(
                "the buffer needs {} bytes (including the NUL)",
                text.len() + 1
            ),
        ));
    }
    // SAFETY: `buf` is non-NULL and the caller promises `len` writable bytes;
    // we write `text.len() + 1 <= len` bytes and the regions cannot overlap
    // because `text` is memory this library owns.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
        *buf.add(text.len()) = 0;
    }
    Ok(mgp_status::Ok)
}

/// Copies the calling thread's last error message (empty after a success)
/// into `buf`. Returns `MGP_STATUS_OK`, or `MGP_STATUS_BUFFER_TOO_SMALL` with
/// the needed length in `*out_len`, or `MGP_STATUS_NULL_ARGUMENT` when
/// `out_len` is NULL. Does not change the last error.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_last_error_message(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    let message = LAST_ERROR.with(|e| e.borrow().clone());
    guard_keep(|| copy_out(&message, buf, len, out_len))
}

/// The name of a status as a static NUL-terminated string, e.g.
/// `"MGP_STATUS_NOT_FOUND"`; `"MGP_STATUS_UNKNOWN"` for numbers this library
/// does not define. The string must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_status_name(status: u32) -> *const c_char {
    let name: &'static CStr = match mgp_status::from_u32(status) {
        Some(s) => s.c_name(),
        None => c"MGP_STATUS_UNKNOWN",
    };
    name.as_ptr()
}

/// The library version (`"MAJOR.MINOR.PATCH"`, equal to `MGP_VERSION`) as a
/// static NUL-terminated string that must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

/// The ABI generation of this library, equal to `MGP_ABI_VERSION` in the
/// header it was built with. Bindings check it when they load the library.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_abi_version() -> u32 {
    MGP_ABI_VERSION
}

/// Copies the table of operations (every cmdlet parameter set with its
/// method, path, API version, export name and ShouldProcess texts) as a JSON
/// array into `buf`, with the buffer rules of `mgp_last_error_message`.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_operations_json(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    guard_keep(|| {
        copy_out(
            &crate::operations::describe_all().to_string(),
            buf,
            len,
            out_len,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_agree() {
        for s in mgp_status::all() {
            assert!(s.name().starts_with("MGP_STATUS_"), "{}", s.name());
            assert_eq!(s.c_name().to_bytes(), s.name().as_bytes());
            assert_eq!(
                mgp_status::all()
                    .iter()
                    .filter(|o| o.name() == s.name())
                    .count(),
                1
            );
            assert_eq!(mgp_status::from_u32(s as u32), Some(s));
        }
        assert_eq!(mgp_status::from_u32(mgp_status::all().len() as u32), None);
    }
}

#[cfg(test)]
mod header_tests {
    use crate::operations::OPERATIONS;

    const COMMITTED: &str = include_str!("../../include/mgpolicy.h");
    const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/mgpolicy.h"));

    #[test]
    fn committed_header_matches_cbindgen_output() {
        assert!(
            COMMITTED == GENERATED,
            "include/mgpolicy.h is stale: run `MGP_UPDATE_HEADER=1 cargo build` and commit it"
        );
    }

    #[test]
    fn every_export_is_documented_and_every_row_exported() {
        let lines: Vec<&str> = COMMITTED.lines().collect();
        let mut exports = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(paren) = line.find("(") else {
                continue;
            };
            let head = &line[..paren];
            let Some(name) = head.split_whitespace().last() else {
                continue;
            };
            let name = name.trim_start_matches('*');
            if !name.starts_with("mgp_") || !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            exports.push(name.to_string());
            assert!(
                i > 0 && lines[i - 1].starts_with("//"),
                "{name} has no doc comment in the header"
            );
        }
        assert!(
            exports.len() >= 31 + 19,
            "found only {} exports",
            exports.len()
        );
        for op in &OPERATIONS {
            assert!(
                exports.iter().any(|e| e == op.export),
                "{} is not exported",
                op.export
            );
        }
    }

    #[test]
    fn versions_agree() {
        let version = env!("CARGO_PKG_VERSION");
        assert!(COMMITTED.contains(&format!("#define MGP_VERSION \"{version}\"")));
        let mut parts = version.split('.');
        for macro_name in [
            "MGP_VERSION_MAJOR",
            "MGP_VERSION_MINOR",
            "MGP_VERSION_PATCH",
        ] {
            let part = parts.next().unwrap();
            assert!(
                COMMITTED.contains(&format!("#define {macro_name} {part}")),
                "{macro_name}"
            );
        }
        assert!(COMMITTED.contains(&format!(
            "#define MGP_ABI_VERSION {}",
            super::MGP_ABI_VERSION
        )));
        // SAFETY: mgp_version returns a static NUL-terminated string.
        let from_abi = unsafe { std::ffi::CStr::from_ptr(super::mgp_version()) };
        assert_eq!(from_abi.to_str().unwrap(), version);
        assert_eq!(super::mgp_abi_version(), super::MGP_ABI_VERSION);
    }
}
