#pragma once
/// mytorch/heap.hpp — keep the memory a training step frees, for the next step.
///
/// Every training step allocates its activations and gradients and frees them again: Linear's Z,
/// the A an activation returns, the dLdA of backward, all (N, features). glibc's malloc gives the
/// free memory at the top of its heap back to the kernel as soon as more than its trim threshold is
/// free. Both of its thresholds start at 128 KiB; each time a block above the mmap threshold is freed,
/// that threshold rises to the block's size (up to 32 MiB) and the trim threshold to twice that. A
/// step that frees a few such tensors therefore hands their pages back, and the next step takes
/// every page again through a page fault that the kernel fills with zeros. For the
/// Fashion-MNIST MLP at batch 64, whose (64, 256) tensors are 128 KiB each, that was 48 page faults
/// and about 9 % of a step's time in mytorch-profile-step (bench/RESULTS.md). Whether a program pays
/// it depends on its history: mytorch-train on Fashion-MNIST did not, because loading the data set
/// had already freed blocks large enough to raise both thresholds.
///
/// keep_freed_memory() fixes both thresholds: blocks up to 8 MiB (a step's tensors, (N, C) with
/// N·C up to a million doubles) come from the heap, and up to 64 MiB of free heap stays with the
/// process for the next allocations. Larger blocks, such as data sets, keep mappings of their own and
/// go back to the kernel when freed, so the peak memory of a run stays where it was (measured for
/// mytorch-train on Fashion-MNIST, float64 and float32). It changes the allocator of the whole
/// process, so the library never calls it by itself: mytorch's programs call it first thing, and a
/// training program of your own can.

namespace mytorch {

/// Returns false where malloc does not take the settings (not glibc, or under AddressSanitizer,
/// whose allocator replaces glibc's); nothing changes then.
bool keep_freed_memory();

}  // namespace mytorch
