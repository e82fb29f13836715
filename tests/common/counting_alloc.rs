// SPDX-License-Identifier: GPL-2.0-or-later
//! A global allocator that counts allocations, for the targets that prove code paths
//! allocate nothing (tests/no_alloc.rs, benches/parse.rs); each includes this file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Allocations made so far by the whole process.
pub fn allocations() -> usize {
    ALLOCS.load(Ordering::SeqCst)
}
