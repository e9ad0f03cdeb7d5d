"""Many documents at once: the resumable batch runner with worker processes (`runner`), the same work on a
Dask cluster (`cluster`), and progress reporting (`progress`). A bad input costs one error record; the batch
goes on.
"""
