#pragma once
/// mytorch/detail/heap.hpp — what the library does to the process's malloc, and why (internal).
///
/// Every training step allocates its activations and gradients and frees them again: Linear's Z,
/// the A an activation returns, the dLdA of backward, all (N, features). glibc's malloc gives the
/// free memory at the top of its heap back to the kernel as soon as more than its trim threshold is
/// free. Both of its thresholds start at 128 KiB; each time a block above the mmap threshold is freed,
/// that threshold rises to the block's size (up to 32 MiB) and the trim threshold to twice that. A
/// step that frees a few such tensors therefore hands their pages back, and the next step takes
/// every page again through a page fault that the kernel fills with zeros. For the
/// Fashion-MNIST MLP at batch 64, whose (64, 256) tensors are 128 KiB each, that was 48 page faults
/// and about 9 % of a step's time in mytorch-profile-step (bench/RESULTS.md). Whether a program paid
/// it depended on its history: one that had loaded a large data set had freed blocks large enough to
/// raise both thresholds already.
///
/// So the library fixes both thresholds itself, once per process, and no user code has to remember a
/// call: Module's constructor calls keep_freed_memory, so every training program has it before its
/// first step, and so does data::read_file, so that a program which loads its data set before it
/// builds its model (as mytorch-train does) loads it under the same settings. Blocks up to 8 MiB (a
/// step's tensors, (N, C) with N·C up to a million doubles) come from the heap, and up to 64 MiB of
/// free heap stays with the process for the next allocations. Larger blocks, such as data sets, keep
/// mappings of their own and go back to the kernel when freed, so the peak memory of a run stays
/// where it was (measured for mytorch-train on Fashion-MNIST: loaded under glibc's own thresholds, the
/// data left 12 MiB more behind). A program that sets its own thresholds with mallopt after building
/// its model keeps its own.
///
/// Internal: only the library's .cpp files include this header; it is not installed.

namespace mytorch::detail {

/// Sets glibc's malloc thresholds (trim 64 MiB, mmap 8 MiB) the first time it is called; later calls
/// do nothing. Returns whether malloc took them: false where it does not (not glibc, or under
/// AddressSanitizer, whose allocator replaces glibc's), and nothing changes then.
bool keep_freed_memory();

}  // namespace mytorch::detail
