//! The one status vocabulary shared by every face of the library, and the
//! error type that carries a status together with a human-readable message.

use std::ffi::CStr;
use std::fmt;

/// Outcome of a library call. The numeric values are part of the C ABI and
/// are never renumbered; a retired code stays reserved as a comment.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum mgp_status {
    /// The call succeeded.
    Ok = 0,
    /// An argument had a value the library cannot accept (bad GUID, unknown
    /// option, unknown property, wrong JSON type, CR/LF in a header, ...).
    InvalidArgument = 1,
    /// A required pointer argument was NULL.
    NullArgument = 2,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 3,
    /// A JSON argument could not be parsed.
    InvalidJson = 4,
    /// The caller's buffer is too small; the needed length was written.
    BufferTooSmall = 5,
    /// Graph answered 404.
    NotFound = 6,
    /// Graph answered 409.
    Conflict = 7,
    /// Graph answered 401, or no token could be obtained.
    Unauthorized = 8,
    /// Graph answered 403.
    Forbidden = 9,
    /// Graph kept answering 429 until the retry policy gave up.
    Throttled = 10,
    /// The request or the whole call ran out of time.
    Timeout = 11,
    /// The connection failed (DNS, TCP, TLS, proxy, connection dropped).
    Transport = 12,
    /// Graph answered 5xx (after retries where they apply).
    ServiceError = 13,
    /// Graph answered 400 or 422.
    BadRequest = 14,
    /// Graph answered 412 (If-Match did not match).
    PreconditionFailed = 15,
    /// Graph answered another 4xx status.
    HttpError = 16,
    /// The client configuration was rejected.
    InvalidConfig = 17,
    /// The credential could not produce a token (bad secret, unknown app, ...).
    AuthenticationFailed = 18,
    /// A panic was caught at the ABI boundary; the call had no effect that
    /// the library knows of, and the handle stays usable.
    Panic = 19,
}

impl mgp_status {
    /// All statuses, in numeric order.
    pub fn all() -> [mgp_status; 20] {
        [
            Self::Ok,
            Self::InvalidArgument,
            Self::NullArgument,
            Self::InvalidUtf8,
            Self::InvalidJson,
            Self::BufferTooSmall,
            Self::NotFound,
            Self::Conflict,
            Self::Unauthorized,
            Self::Forbidden,
            Self::Throttled,
            Self::Timeout,
            Self::Transport,
            Self::ServiceError,
            Self::BadRequest,
            Self::PreconditionFailed,
            Self::HttpError,
            Self::InvalidConfig,
            Self::AuthenticationFailed,
            Self::Panic,
        ]
    }

    /// The C name of the status, e.g. `MGP_STATUS_NOT_FOUND`.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("MGP_STATUS_UNKNOWN")
    }

    /// The C name as a static NUL-terminated string (for `mgp_status_name`).
    pub fn c_name(self) -> &'static CStr {
        match self {
            Self::Ok => c"MGP_STATUS_OK",
            Self::InvalidArgument => c"MGP_STATUS_INVALID_ARGUMENT",
            Self::NullArgument => c"MGP_STATUS_NULL_ARGUMENT",
            Self::InvalidUtf8 => c"MGP_STATUS_INVALID_UTF8",
            Self::InvalidJson => c"MGP_STATUS_INVALID_JSON",
            Self::BufferTooSmall => c"MGP_STATUS_BUFFER_TOO_SMALL",
            Self::NotFound => c"MGP_STATUS_NOT_FOUND",
            Self::Conflict => c"MGP_STATUS_CONFLICT",
            Self::Unauthorized => c"MGP_STATUS_UNAUTHORIZED",
            Self::Forbidden => c"MGP_STATUS_FORBIDDEN",
            Self::Throttled => c"MGP_STATUS_THROTTLED",
            Self::Timeout => c"MGP_STATUS_TIMEOUT",
            Self::Transport => c"MGP_STATUS_TRANSPORT",
            Self::ServiceError => c"MGP_STATUS_SERVICE_ERROR",
            Self::BadRequest => c"MGP_STATUS_BAD_REQUEST",
            Self::PreconditionFailed => c"MGP_STATUS_PRECONDITION_FAILED",
            Self::HttpError => c"MGP_STATUS_HTTP_ERROR",
            Self::InvalidConfig => c"MGP_STATUS_INVALID_CONFIG",
            Self::AuthenticationFailed => c"MGP_STATUS_AUTHENTICATION_FAILED",
            Self::Panic => c"MGP_STATUS_PANIC",
        }
    }

    /// Maps a status number coming from foreign code; unknown numbers give `None`.
    pub fn from_u32(value: u32) -> Option<Self> {
        Self::all().get(value as usize).copied()
    }

    /// The status for a final HTTP answer.
    pub fn from_http(status: u16) -> Self {
        match status {
            200..=299 => Self::Ok,
            400 | 422 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            412 => Self::PreconditionFailed,
            429 => Self::Throttled,
            500..=599 => Self::ServiceError,
            _ => Self::HttpError,
        }
    }
}

/// A failed library call: its status and a message fit to show a user.
/// Messages never contain secrets or tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub status: mgp_status,
    pub message: String,
}

impl Error {
    pub fn new(status: mgp_status, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(mgp_status::InvalidArgument, message)
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(mgp_status::InvalidConfig, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
