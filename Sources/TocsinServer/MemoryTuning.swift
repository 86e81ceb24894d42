#if canImport(Glibc)
import CMalloc
#endif

/// How the server asks the C allocator to treat memory it frees.
public enum MemoryTuning {
    /// Keeps freed memory in the process for reuse instead of handing it back to the kernel at once.
    ///
    /// Under load every request allocates and frees buffers of about a megabyte and a half (the body, its events,
    /// their compressed chunk). glibc serves blocks that large with their own `mmap` and returns them with `munmap`,
    /// and gives back the free top of a thread's heap with `madvise`, so each request faulted in and zeroed its
    /// pages afresh: about 6 % of the machine's time in a whole-machine profile of `tocsin serve` at 90,000 events
    /// per second. Raising both thresholds lets those blocks be reused; what the process holds stays bounded by its
    /// peak use. Does nothing where the allocator is not glibc's.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        // The largest values glibc takes: 32 MiB for the mmap threshold (its maximum on 64-bit), 256 MiB for trimming.
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}
