//! A value read by every request and replaced rarely (the credentials held, a cached
//! token), readable by any number of threads with no write that another thread sees.
//!
//! An `arc-swap` load alone costs ~2.8x taking a reference count (a thread-local debt slot
//! written and cleared per read). Here each thread keeps its own strong copy of the value
//! it last read, and a read only checks that the value is still the current one: one
//! load and a compare. The copies belong to this value (one per thread that read it) and
//! drop with it; a replaced value's copy drops when its thread next reads.

use std::cell::{RefCell, RefMut};
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

use arc_swap::{ArcSwapAny, RefCnt};
use thread_local::ThreadLocal;

/// A thread's copy on a cache line of its own: the borrow flag is written on every read,
/// and copies of different threads sharing a line would make every read a cache miss.
#[repr(align(128))]
struct Own<P>(RefCell<P>);

/// A value read through [`ReadMostly::get`].
pub(crate) enum Read<'a, P> {
    /// This thread's copy.
    Copy(RefMut<'a, P>),
    /// The current value, loaded (this thread's copy was borrowed already).
    Loaded(P),
}

impl<P> std::ops::Deref for Read<'_, P> {
    type Target = P;

    #[inline]
    fn deref(&self) -> &P {
        match self {
            Read::Copy(c) => c,
            Read::Loaded(p) => p,
        }
    }
}

/// `P` is `Arc<T>` or `Option<Arc<T>>`.
pub(crate) struct ReadMostly<P: RefCnt + Send> {
    /// The current value: what writers replace and what a thread without a copy loads.
    current: ArcSwapAny<P>,
    /// The address of `current`'s value (null for none), written after it by every
    /// writer in turn. A thread's copy is current exactly when its address is this one:
    /// the copy is alive, so no other value can have its address.
    latest: AtomicPtr<P::Base>,
    /// Writers in turn, so `latest` always ends equal to `current`.
    write: Mutex<()>,
    /// How many times the value was replaced: what [`ReadMostly::version`] reads.
    writes: AtomicU64,
    /// Each reading thread's copy of the value it last read.
    copies: ThreadLocal<Own<P>>,
}

impl<P: RefCnt + Send> ReadMostly<P> {
    pub(crate) fn new(value: P) -> Self {
        Self {
            latest: AtomicPtr::new(P::as_ptr(&value)),
            current: ArcSwapAny::new(value),
            write: Mutex::new(()),
            writes: AtomicU64::new(0),
            copies: ThreadLocal::new(),
        }
    }

    /// The current value, shared (a reference count taken).
    pub(crate) fn load(&self) -> P {
        self.current.load_full()
    }

    /// A number that changes whenever the value is replaced (one load: cheaper than
    /// holding on to the value to compare it later).
    pub(crate) fn version(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// `f` on the current value (see [`ReadMostly::get`]).
    #[inline]
    pub(crate) fn read<R>(&self, f: impl FnOnce(&P) -> R) -> R {
        f(&self.get())
    }

    /// The current value, through this thread's copy when it is still current. The copy
    /// is borrowed while the guard lives: a second read on this thread meanwhile loads
    /// its own rather than alias it.
    #[inline]
    pub(crate) fn get(&self) -> Read<'_, P> {
        let latest = self.latest.load(Ordering::Acquire);
        let cell = match self.copies.get() {
            Some(cell) => cell,
            None => self.first_copy(),
        };
        match cell.0.try_borrow_mut() {
            Ok(mut copy) => {
                if P::as_ptr(&copy) != latest {
                    self.refresh(&mut copy);
                }
                Read::Copy(copy)
            }
            Err(_) => Read::Loaded(self.current.load_full()),
        }
    }

    /// This thread's first copy.
    #[cold]
    #[inline(never)]
    fn first_copy(&self) -> &Own<P> {
        self.copies
            .get_or(|| Own(RefCell::new(self.current.load_full())))
    }

    /// Replace this thread's copy with the current value (after a writer replaced it).
    #[cold]
    #[inline(never)]
    fn refresh(&self, copy: &mut P) {
        *copy = self.current.load_full();
    }

    /// Make `value` the current one.
    pub(crate) fn store(&self, value: P) {
        let _turn = self.write.lock().unwrap_or_else(|e| e.into_inner());
        self.set(value);
    }

    /// Replace the current value with `f` of it, in turn with every other writer.
    pub(crate) fn update(&self, f: impl FnOnce(&P) -> P) {
        let _turn = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let new = f(&self.current.load_full());
        self.set(new);
    }

    /// Replace the current value with `new` if it is still `old`; whether it was.
    pub(crate) fn replace(&self, old: &P, new: P) -> bool {
        let _turn = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let swapped = P::as_ptr(&self.current.load()) == P::as_ptr(old);
        if swapped {
            self.set(new);
        }
        swapped
    }

    /// Under `write`: the value, then its address.
    fn set(&self, value: P) {
        let at = P::as_ptr(&value);
        self.current.store(value);
        self.latest.store(at, Ordering::Release);
        self.writes.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn readers_see_every_replacement_on_every_thread() {
        let val = |x: &Option<Arc<u32>>| x.as_deref().copied();
        let v = Arc::new(ReadMostly::new(Some(Arc::new(1u32))));
        assert_eq!(v.read(val), Some(1));
        let before = v.version();
        v.store(Some(Arc::new(2)));
        assert_ne!(v.version(), before, "a replacement changes the version");
        assert_eq!(v.read(val), Some(2));
        let other = v.clone();
        std::thread::spawn(move || assert_eq!(other.read(val), Some(2)))
            .join()
            .expect("reader");
        v.update(|cur| cur.as_ref().map(|c| Arc::new(**c + 1)));
        assert_eq!(v.read(val), Some(3));
        let three = v.load();
        assert!(v.replace(&three, None));
        assert_eq!(v.read(val), None);
        assert!(!v.replace(&three, Some(Arc::new(4))), "no longer current");
        // A read inside a read loads its own copy rather than aliasing the outer one.
        v.store(Some(Arc::new(5)));
        assert_eq!(v.read(|a| v.read(|b| (val(a), val(b)))), (Some(5), Some(5)));
    }

    #[test]
    fn copies_drop_with_the_value() {
        let token = Arc::new(7u32);
        let v = ReadMostly::new(token.clone());
        v.read(|_| ());
        std::thread::scope(|s| {
            s.spawn(|| v.read(|_| ()));
        });
        assert!(
            Arc::strong_count(&token) >= 3,
            "the value and two threads' copies"
        );
        drop(v);
        assert_eq!(Arc::strong_count(&token), 1);
    }
}
