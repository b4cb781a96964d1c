#!/usr/bin/env python3
"""Sorts `perf report --no-children --sort dso,sym --stdio` lines into the categories of bench/profile-step.sh."""
import re
import sys

CATEGORIES = [  # first match wins: (name, dso regex, symbol regex)
    ("OpenMP waiting (libgomp)", r"libgomp", r""),
    ("matrix products (GEMM)", r"", r"gemm|mkl_blas|dnnl|brgemm|jit_avx|kernel_mxn|sgemm|addmm|_mm_|mkl_"),
    ("allocation: page faults, zeroing (kernel)", r"kernel", r"clear_page|page_fault|do_anonymous|handle_mm|"
     r"alloc_pages|get_page|zap_|unmap|free_pages|folio|memcg|lru|rmqueue|__pte|copy_page|mmap|brk|exc_page|"
     r"release_pages|tlb|pmd|pte"),
    ("allocation: malloc/free/memset", r"libc", r"malloc|free|memset|_int_|cfree|calloc|realloc|sysmalloc|"
     r"unlink_chunk|malloc_consolidate"),
    ("allocation: libtorch allocator", r"", r"c10::alloc|c10::free|CPUAllocator|DefaultCPUAllocator|"
     r"alloc_cpu|free_cpu|StorageImpl|TensorImpl::TensorImpl|empty_cpu|empty_generic|at::empty|"
     r"intrusive_ptr|c10::impl"),
    ("memory copy (memcpy, copy_, gather, cat, contiguous)", r"", r"memcpy|memmove|copy_|index_select|"
     r"gather|index_|cat_|_cat|contiguous|clone|transpose|permute|as_strided|unfold"),
    ("element-wise and reductions", r"libtorch_cpu", r"vectorized|cpu_kernel|binary_|unary_|reduce|sum_|"
     r"mul_|add_|sub_|div_|exp|log|relu|threshold|sigmoid|where|fill|mean|max|abs|sqrt|pow|neg|"
     r"Vectorized|VectorizedLoop|loop_2d|basic_loop|TensorIterator|at::native"),
    ("autograd engine, dispatcher, op bookkeeping", r"libtorch_cpu|libc10", r""),
    ("JNI crossings (DJL glue, JNI stubs)", r"libdjl_torch|djl", r""),
    ("Java (JIT code, interpreter)", r"perf-\d+\.map|\[JIT\]|jitted", r""),
    ("JVM (GC, compiler, runtime)", r"libjvm", r""),
    ("kernel, other (scheduling, syscalls)", r"kernel", r""),
    ("C library, other", r"libc|libm|ld-linux|libpthread", r""),
]

LINE = re.compile(r"^\s*([\d.]+)%\s+(\[JIT\] tid \d+|\S+)\s+\[[^\]]+\]\s+(.*)$")


def main(path):
    totals = {name: 0.0 for name, _, _ in CATEGORIES}
    totals["other"] = 0.0
    top = {}
    for line in open(path, errors="replace"):
        m = LINE.match(line)
        if not m:
            continue
        pct, dso, sym = float(m.group(1)), m.group(2), m.group(3).strip()
        for name, dso_re, sym_re in CATEGORIES:
            if (not dso_re or re.search(dso_re, dso)) and (not sym_re or re.search(sym_re, sym)):
                break
        else:
            name = "other"
        totals[name] += pct
        top.setdefault(name, []).append((pct, dso, sym[:90]))
    print(f"{'category':55s} {'share of samples':>16s}")
    for name, pct in sorted(totals.items(), key=lambda kv: -kv[1]):
        if pct > 0:
            print(f"{name:55s} {pct:15.1f}%")
    print("\nlargest symbols per category:")
    for name, rows in top.items():
        rows.sort(reverse=True)
        print(f"  {name}:")
        for pct, dso, sym in rows[:4]:
            print(f"    {pct:5.1f}%  {dso}  {sym}")


if __name__ == "__main__":
    main(sys.argv[1])
