namespace Nabla;

/// <summary>
/// Recycles tensor storages. A request takes the smallest pooled block that holds it and is at most
/// <see cref="MaxSlack"/> times its size, so the shapes one training step repeats hit exactly, and a smaller
/// last batch of an epoch reuses the full batch's blocks instead of building a second set. The pool is bounded
/// by <see cref="CapacityBytes"/>; storages beyond it are left to the garbage collector.
/// </summary>
public static class BufferPool
{
    /// <summary>A request may take a pooled block up to this many times its size.</summary>
    public const int MaxSlack = 2;

    // Pooled blocks by capacity: _capacities sorted ascending, _stacks[i] holding the blocks of _capacities[i].
    private static int[] _capacities = [];
    private static Stack<TensorStorage>[] _stacks = [];
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
            _capacities = [];
            _stacks = [];
            _pooledBytes = 0;
        }
    }

    internal static TensorStorage Rent(int length)
    {
        lock (Gate)
        {
            long limit = (long)length * MaxSlack;
            int i = Array.BinarySearch(_capacities, length);
            for (i = i < 0 ? ~i : i; i < _capacities.Length && _capacities[i] <= limit; i++)
            {
                if (!_stacks[i].TryPop(out var storage)) continue;
                _pooledBytes -= (long)storage.Capacity * sizeof(float);
                storage.InPool = false;
                storage.EngineRefs = 0;
                storage.Length = length;
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
            long bytes = (long)storage.Capacity * sizeof(float);
            if (_pooledBytes + bytes > CapacityBytes) return;
            int at = Array.BinarySearch(_capacities, storage.Capacity);
            if (at < 0)
            {
                at = ~at;
                _capacities = Inserted(_capacities, at, storage.Capacity);
                _stacks = Inserted(_stacks, at, new Stack<TensorStorage>());
            }
            storage.InPool = true;
            _stacks[at].Push(storage);
            _pooledBytes += bytes;
        }
    }

    /// <summary>A copy of <paramref name="items"/> with <paramref name="item"/> inserted at <paramref name="at"/>.</summary>
    private static T[] Inserted<T>(T[] items, int at, T item)
    {
        var grown = new T[items.Length + 1];
        Array.Copy(items, grown, at);
        grown[at] = item;
        Array.Copy(items, at, grown, at + 1, items.Length - at);
        return grown;
    }
}
