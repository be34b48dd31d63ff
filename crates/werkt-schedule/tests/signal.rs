//! SIGTERM sets the stop flag instead of ending the process. A test binary of its own, so the
//! signal reaches no other test.

use std::sync::atomic::Ordering;

#[test]
fn sigterm_sets_the_flag_and_the_process_lives_on() {
    let stop = werkt_schedule::install_sigterm_flag().unwrap();
    assert!(!stop.load(Ordering::SeqCst));
    // SAFETY: raise(3) sends a signal to this process; the handler installed above only
    // stores to an AtomicBool.
    unsafe {
        libc::raise(libc::SIGTERM);
    }
    // Delivered synchronously to the raising thread, so the flag is set on return.
    assert!(stop.load(Ordering::SeqCst));
}
