namespace Nabla;

/// <summary>
/// Recycles tensor storages by exact length. Training repeats the same shapes every step, so exact-size
/// buckets give a near-100% hit rate without the 2x slack of power-of-two buckets. The pool is bounded by
/// <see cref="CapacityBytes"/>; storages beyond it are left to the garbage collector.
/// </summary>
public static class BufferPool
{
    private static readonly Dictionary<int, Stack<TensorStorage>> Buckets = new();
    private static readonly Lock Gate = new();
    private static long _pooledBytes;

    /// <summary>Largest number of bytes the pool keeps (default 4 GiB).</summary>
    public static long CapacityBytes { get; set; } = 4L << 30;

    /// <summary>Bytes currently held in the pool, ready for reuse.</summary>
    public static long PooledBytes { get { lock (Gate) return _pooledBytes; } }

    /// <summary>Drops every pooled buffer so the garbage collector can reclaim the memory.</summary>
    public static void Trim()
    {
        lock (Gate)
        {
            Buckets.Clear();
            _pooledBytes = 0;
        }
    }

    internal static TensorStorage Rent(int length)
    {
        lock (Gate)
        {
            if (Buckets.TryGetValue(length, out var stack) && stack.TryPop(out var storage))
            {
                _pooledBytes -= (long)length * sizeof(float);
                storage.InPool = false;
                storage.EngineRefs = 0;
                return storage;
            }
        }
        return new TensorStorage(length);
    }

    internal static void Return(TensorStorage storage)
    {
        if (storage.InPool) return;
        storage.MarkRecycled();
        storage.Lifetime = StorageLifetime.Managed;
        lock (Gate)
        {
            long bytes = (long)storage.Length * sizeof(float);
            if (_pooledBytes + bytes > CapacityBytes) return;
            if (!Buckets.TryGetValue(storage.Length, out var stack))
            {
                stack = new Stack<TensorStorage>();
                Buckets[storage.Length] = stack;
            }
            storage.InPool = true;
            stack.Push(storage);
            _pooledBytes += bytes;
        }
    }
}
