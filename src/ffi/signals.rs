//! Writing to a connection the server has closed raises SIGPIPE on Unix,
//! whose default action ends the process. Rust programs ignore it, but the
//! C, Python-embedding and other hosts of this library may not. So SIGPIPE
//! is kept away from the host without touching the process-wide
//! disposition the host chose:
//!
//! - Graph calls on a caller's thread go through the blocking client
//!   (`crate::wire`), whose writes never raise it (`send` with
//!   MSG_NOSIGNAL, or a socket marked SO_NOSIGPIPE);
//! - reqwest writes with `writev`, which cannot be told not to raise it, so
//!   where reqwest runs on a caller's thread (what the blocking client
//!   leaves to it, and `mgp_client_authenticate`) the work runs inside a
//!   [`SigpipeShield`], which blocks SIGPIPE for that thread, then takes
//!   back a SIGPIPE the work raised (the write itself fails with EPIPE,
//!   which the call reports or retries) and restores the thread's mask;
//! - the library's own I/O threads block SIGPIPE for good
//!   ([`block_sigpipe_on_this_thread`]).
//!
//! When the host already blocks SIGPIPE on the calling thread the shield
//! does nothing. On Windows there is no SIGPIPE and both are no-ops.

/// Holds SIGPIPE off the current thread while it lives.
pub struct SigpipeShield {
    #[cfg(unix)]
    restore: Option<(libc::sigset_t, bool)>,
}

#[cfg(unix)]
fn sigpipe_set() -> libc::sigset_t {
    // SAFETY: sigemptyset/sigaddset initialise and fill the set we own; a
    // zeroed sigset_t is a valid starting value for sigemptyset.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        set
    }
}

#[cfg(unix)]
fn sigpipe_pending() -> bool {
    // SAFETY: sigpending fills the set we own; sigismember reads it.
    unsafe {
        let mut pending: libc::sigset_t = std::mem::zeroed();
        libc::sigpending(&mut pending) == 0 && libc::sigismember(&pending, libc::SIGPIPE) == 1
    }
}

impl SigpipeShield {
    /// Blocks SIGPIPE on this thread unless it already is blocked.
    pub fn new() -> Self {
        #[cfg(unix)]
        {
            let set = sigpipe_set();
            // SAFETY: pthread_sigmask only reads `set` and writes `old`,
            // both owned here; it changes this thread's mask alone.
            let old = unsafe {
                let mut old: libc::sigset_t = std::mem::zeroed();
                if libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old) != 0 {
                    return Self { restore: None };
                }
                old
            };
            // SAFETY: sigismember reads the set pthread_sigmask filled.
            let already_blocked = unsafe { libc::sigismember(&old, libc::SIGPIPE) == 1 };
            if already_blocked {
                return Self { restore: None };
            }
            Self {
                restore: Some((old, sigpipe_pending())),
            }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }
}

impl Default for SigpipeShield {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for SigpipeShield {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some((old, was_pending)) = self.restore.take() {
            if !was_pending && sigpipe_pending() {
                let set = sigpipe_set();
                let mut signal: libc::c_int = 0;
                // SAFETY: SIGPIPE is pending and blocked, so sigwait returns
                // at once, taking it; both arguments are owned here.
                unsafe {
                    libc::sigwait(&set, &mut signal);
                }
            }
            // SAFETY: restores this thread's mask to what it was; `old` came
            // from pthread_sigmask above.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
            }
        }
    }
}

/// Blocks SIGPIPE on the current thread for the rest of its life: for the
/// library's own I/O threads, which run no host code.
pub fn block_sigpipe_on_this_thread() {
    #[cfg(unix)]
    {
        let set = sigpipe_set();
        // SAFETY: changes only this thread's mask; `set` is owned here.
        unsafe {
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::io::AsRawFd;

    /// Writes with `writev` (which, unlike `send`, cannot be told not to
    /// raise SIGPIPE) into a connection whose peer is gone, until the write
    /// fails; returns the error number.
    fn write_into_a_closed_connection() -> i32 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        drop(server);
        let data = [0u8; 1024];
        let iov = libc::iovec {
            iov_base: data.as_ptr() as *mut libc::c_void,
            iov_len: data.len(),
        };
        for _ in 0..100 {
            // SAFETY: one iovec over a live buffer, on a socket we own.
            let n = unsafe { libc::writev(client.as_raw_fd(), &iov, 1) };
            if n < 0 {
                return std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        0
    }

    fn blocked() -> bool {
        // SAFETY: reads this thread's mask into a set we own.
        unsafe {
            let mut mask: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask);
            libc::sigismember(&mask, libc::SIGPIPE) == 1
        }
    }

    /// Runs `f` on a fresh thread with SIGPIPE's default action (ending the
    /// process), as in a C host, and puts Rust's "ignore" back after.
    fn with_default_sigpipe<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        // SAFETY: sets the process's SIGPIPE disposition; no other test in
        // this binary writes to sockets without MSG_NOSIGNAL meanwhile.
        let previous = unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
        let out = std::thread::spawn(f).join();
        // SAFETY: restores the disposition read above.
        unsafe { libc::signal(libc::SIGPIPE, previous) };
        out.unwrap()
    }

    #[test]
    fn sigpipe_raised_inside_the_shield_is_taken_back() {
        let (errno, blocked_inside, blocked_after, pending_after) = with_default_sigpipe(|| {
            let shield = SigpipeShield::new();
            let blocked_inside = blocked();
            // Reaching the next line at all means the SIGPIPE did not end the process.
            let errno = write_into_a_closed_connection();
            drop(shield);
            (errno, blocked_inside, blocked(), sigpipe_pending())
        });
        assert_eq!(errno, libc::EPIPE, "the write failed with EPIPE");
        assert!(blocked_inside);
        assert!(!blocked_after, "the thread's mask is restored");
        assert!(!pending_after, "no SIGPIPE is left pending");
    }

    #[test]
    fn a_host_that_blocks_sigpipe_itself_keeps_its_pending_signal() {
        let (blocked_after, pending_after) = with_default_sigpipe(|| {
            let set = sigpipe_set();
            // SAFETY: blocks SIGPIPE on this test thread only.
            unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
            {
                let _shield = SigpipeShield::new();
                assert_eq!(write_into_a_closed_connection(), libc::EPIPE);
            }
            let result = (blocked(), sigpipe_pending());
            // Take the signal back before the thread ends, as the host would.
            let mut signal = 0;
            // SAFETY: SIGPIPE is pending and blocked: sigwait returns at once.
            unsafe { libc::sigwait(&set, &mut signal) };
            result
        });
        assert!(blocked_after, "the host's own block stays");
        assert!(
            pending_after,
            "the host's pending SIGPIPE is not taken from it"
        );
    }

    #[test]
    fn io_threads_block_sigpipe_for_good() {
        let blocked_there = std::thread::spawn(|| {
            block_sigpipe_on_this_thread();
            blocked()
        })
        .join()
        .unwrap();
        assert!(blocked_there);
        assert!(!blocked(), "other threads are not affected");
    }
}
