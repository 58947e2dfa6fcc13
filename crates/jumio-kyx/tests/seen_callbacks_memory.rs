//! The dedupe memory's bound holds in bytes, not only in keys: a sender that makes the keys
//! long (a callback's `workflowExecution.id` is the sender's to choose) cannot make the receiver
//! keep them. A counting global allocator measures what `SeenCallbacks` retains.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use jumio_kyx::callback::SeenCallbacks;

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const KEYS: usize = 2_000;
const KEY_BYTES: usize = 60 * 1024;
/// The bound `SeenCallbacks` documents: at most 94 bytes a remembered key, whatever its length,
/// plus 100.
const BYTES_PER_KEY: usize = 94;
const FIXED_BYTES: usize = 100;

/// One test, the parts in turn: the allocation count is the whole process's.
#[test]
fn the_dedupe_memory_is_bounded_in_bytes() {
    two_thousand_keys_of_60_kb_keep_kilobytes_not_hundreds_of_megabytes();
    a_full_memory_stays_within_the_documented_bound();
}

fn two_thousand_keys_of_60_kb_keep_kilobytes_not_hundreds_of_megabytes() {
    // One key buffer, reused: only what the memory keeps is counted.
    let mut key = "w".repeat(KEY_BYTES - ":PROCESSED".len()) + ":PROCESSED";
    let seen = SeenCallbacks::default();
    let before = LIVE.load(Ordering::SeqCst);
    for i in 0..KEYS {
        // A different workflow id each time, of the same 60 KB.
        key.replace_range(..8, &format!("{i:08}"));
        assert!(seen.first_time(&key));
    }
    let retained = LIVE.load(Ordering::SeqCst) - before;
    assert_eq!(seen.len(), KEYS);
    let bound = (KEYS * BYTES_PER_KEY + FIXED_BYTES) as isize;
    assert!(
        retained <= bound,
        "{KEYS} keys of {KEY_BYTES} bytes retained {retained} bytes ({:.1} MiB); the bound is {bound}",
        retained as f64 / (1024.0 * 1024.0)
    );
    // Still a dedupe memory: every key is a repeat now.
    key.replace_range(..8, &format!("{:08}", KEYS - 1));
    assert!(!seen.first_time(&key));
    key.replace_range(..8, &format!("{:08}", 0));
    assert!(!seen.first_time(&key));
}

fn a_full_memory_stays_within_the_documented_bound() {
    // Capacity reached and exceeded many times over (the oldest keys go, the hash set's table is
    // left with deleted entries and grows once for them): the bytes stay bounded. 1,750 keys
    // nearly fill a table of 2,048 entries, the worst case.
    for capacity in [1, 2, 7, 100, 1_000, 1_750] {
        let seen = SeenCallbacks::new(capacity);
        let before = LIVE.load(Ordering::SeqCst);
        let mut key = "x".repeat(64);
        for i in 0..20 * capacity {
            key.replace_range(..8, &format!("{i:08}"));
            assert!(seen.first_time(&key));
        }
        let retained = LIVE.load(Ordering::SeqCst) - before;
        assert_eq!(seen.len(), capacity);
        assert!(
            retained <= (capacity * BYTES_PER_KEY + FIXED_BYTES) as isize,
            "retained {retained} bytes for {capacity} keys"
        );
    }
}
