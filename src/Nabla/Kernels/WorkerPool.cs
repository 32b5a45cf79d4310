using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Nabla.Kernels;

/// <summary>
/// A parallel region body: every participant calls <see cref="Execute"/> once with its own index.
/// Participants run concurrently on distinct threads, so they may synchronise with
/// <see cref="RegionContext.Barrier"/> (a body that uses barriers must not throw).
/// </summary>
internal interface IParallelRegion
{
    /// <summary>Runs this participant's share of the work.</summary>
    void Execute(in RegionContext context);
}

/// <summary>A parallel-for body: <see cref="Invoke"/> runs once for every task index.</summary>
internal interface IParallelFor
{
    /// <summary>Runs task <paramref name="index"/>.</summary>
    void Invoke(int index);
}

/// <summary>Who is running a share of a region: <see cref="Index"/> of <see cref="Count"/> participants.</summary>
internal readonly struct RegionContext
{
    /// <summary>This participant's index, 0 being the calling thread.</summary>
    public readonly int Index;

    /// <summary>How many participants run the region.</summary>
    public readonly int Count;

    internal RegionContext(int index, int count)
    {
        Index = index;
        Count = count;
    }

    /// <summary>Waits until every participant of the region has reached the barrier.</summary>
    public void Barrier()
    {
        if (Count > 1) WorkerPool.BarrierWait(Count);
    }
}

/// <summary>
/// A persistent pool of kernel threads for many small parallel regions (GEMM at MLP sizes, where
/// <c>Parallel.For</c> costs more than the work). Workers are created once, spin briefly after a region and then
/// block; the calling thread takes part as participant 0. A region costs no allocation: bodies are structs
/// reached through a generic function pointer. A region started from inside a region (or while another thread
/// owns the pool) runs serially on the calling thread. The number of participants never exceeds
/// <see cref="KernelThreads.Count"/>.
/// </summary>
internal static unsafe class WorkerPool
{
    private const double SpinMicroseconds = 150;

    [ThreadStatic] private static bool t_inRegion;

    private static readonly object s_createLock = new();
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static int s_pending;
    private static Exception? s_error;

    // Barrier state: used only by the region that owns the pool (serial regions never touch it).
    private static int s_barrierArrived;
    private static int s_barrierGeneration;

    private static readonly long s_spinTicks = (long)(Stopwatch.Frequency * SpinMicroseconds / 1e6);

    /// <summary>True on a pool worker or while the current thread runs a region.</summary>
    internal static bool InRegion => t_inRegion;

    /// <summary>
    /// How many participants a region asking for <paramref name="wanted"/> would get now
    /// (1 inside a region, else <c>min(wanted, KernelThreads.Count)</c>).
    /// </summary>
    internal static int Participants(int wanted) =>
        t_inRegion ? 1 : Math.Max(1, Math.Min(wanted, KernelThreads.Count));

    /// <summary>
    /// Runs <paramref name="region"/> on up to <paramref name="participants"/> threads (capped by
    /// <see cref="KernelThreads.Count"/>); each participant calls <c>Execute</c> once. Returns the number of
    /// participants that ran. The body is copied to the caller's stack for the duration and copied back.
    /// </summary>
    public static int Run<T>(int participants, ref T region) where T : struct, IParallelRegion =>
        Run(participants, ref region, optional: false);

    /// <summary>
    /// As <see cref="Run{T}(int, ref T)"/>; with <paramref name="optional"/> set, a worker that has not started
    /// by the time the caller finishes its own share is withdrawn (its index never runs), so a region whose
    /// participants claim work dynamically never waits for a thread the OS has not scheduled. Such a region must
    /// not use barriers.
    /// </summary>
    public static int Run<T>(int participants, ref T region, bool optional) where T : struct, IParallelRegion
    {
        int count = Participants(participants);
        if (count <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            bool outer = t_inRegion;
            t_inRegion = true;
            try { region.Execute(new RegionContext(0, 1)); }
            finally { t_inRegion = outer; }
            return 1;
        }

        try
        {
            Worker[] workers = EnsureWorkers(count - 1);
            T local = region;
            void* state = Unsafe.AsPointer(ref local);
            t_inRegion = true;
            s_error = null;
            s_barrierArrived = 0;
            Volatile.Write(ref s_pending, count - 1);
            for (int i = 1; i < count; i++)
                workers[i - 1].Start(&Thunk<T>, state, i, count);

            try { local.Execute(new RegionContext(0, count)); }
            catch (Exception e) { Interlocked.CompareExchange(ref s_error, e, null); }
            if (optional)
            {
                for (int i = 1; i < count; i++)
                    if (workers[i - 1].Withdraw()) Interlocked.Decrement(ref s_pending);
            }

            var spin = new SpinWait();
            while (Volatile.Read(ref s_pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
            region = local;
            if (s_error is Exception error)
            {
                s_error = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
            return count;
        }
        finally
        {
            t_inRegion = false;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Runs <c>body.Invoke(i)</c> once for every <c>i</c> in <c>[0, tasks)</c>, the participants taking
    /// indices dynamically. Runs serially when nested or when <paramref name="maxThreads"/> is 1.
    /// </summary>
    public static void For<T>(int tasks, ref T body, int maxThreads = int.MaxValue) where T : struct, IParallelFor
    {
        if (tasks <= 0) return;
        int count = Math.Min(tasks, Participants(maxThreads));
        if (count <= 1)
        {
            for (int i = 0; i < tasks; i++) body.Invoke(i);
            return;
        }
        T local = body;
        var region = new ForRegion<T> { Body = Unsafe.AsPointer(ref local), Tasks = tasks };
        Run(count, ref region, optional: true);
        body = local;
    }

    private struct ForRegion<T> : IParallelRegion where T : struct, IParallelFor
    {
        public void* Body;
        public int Tasks;
        public int Next;

        public void Execute(in RegionContext context)
        {
            int i;
            while ((i = Interlocked.Increment(ref Next) - 1) < Tasks)
                Unsafe.AsRef<T>(Body).Invoke(i);
        }
    }

    private static void Thunk<T>(void* state, int index, int count) where T : struct, IParallelRegion =>
        Unsafe.AsRef<T>(state).Execute(new RegionContext(index, count));

    internal static void BarrierWait(int count)
    {
        int generation = Volatile.Read(ref s_barrierGeneration);
        if (Interlocked.Increment(ref s_barrierArrived) == count)
        {
            s_barrierArrived = 0;
            Volatile.Write(ref s_barrierGeneration, generation + 1);
            return;
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref s_barrierGeneration) == generation) spin.SpinOnce(sleep1Threshold: -1);
    }

    private static Worker[] EnsureWorkers(int needed)
    {
        Worker[] workers = Volatile.Read(ref s_workers);
        if (workers.Length >= needed) return workers;
        lock (s_createLock)
        {
            workers = s_workers;
            if (workers.Length >= needed) return workers;
            var grown = new Worker[needed];
            Array.Copy(workers, grown, workers.Length);
            for (int i = workers.Length; i < needed; i++) grown[i] = new Worker(i + 1);
            Volatile.Write(ref s_workers, grown);
            return grown;
        }
    }

    private static void Finish(Exception? error)
    {
        if (error is not null) Interlocked.CompareExchange(ref s_error, error, null);
        Interlocked.Decrement(ref s_pending);
    }

    private sealed class Worker
    {
        // Padding keeps the fields the caller writes away from other workers' lines.
#pragma warning disable CS0169, IDE0051
        private long _pad0, _pad1, _pad2, _pad3, _pad4, _pad5, _pad6, _pad7;
#pragma warning restore CS0169, IDE0051
        private int _ticket;
        private int _sleeping;
        private int _taken; // 0 offered, 1 taken by the worker, 2 withdrawn by the caller
        private delegate*<void*, int, int, void> _fn;
        private void* _state;
        private int _index, _count;
        private readonly SemaphoreSlim _signal = new(0);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Nabla kernel worker {index}" };
            thread.Start();
        }

        public void Start(delegate*<void*, int, int, void> fn, void* state, int index, int count)
        {
            _fn = fn;
            _state = state;
            _index = index;
            _count = count;
            Volatile.Write(ref _taken, 0);
            Volatile.Write(ref _ticket, _ticket + 1);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _signal.Release();
        }

        /// <summary>Withdraws the current offer if the worker has not taken it; true when withdrawn.</summary>
        public bool Withdraw() => Interlocked.CompareExchange(ref _taken, 2, 0) == 0;

        private void Loop()
        {
            t_inRegion = true;
            int seen = 0;
            while (true)
            {
                if (!SpinFor(seen))
                {
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _ticket) == seen || Interlocked.CompareExchange(ref _sleeping, 0, 1) != 1)
                        _signal.Wait();
                }
                seen = Volatile.Read(ref _ticket);
                if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0) continue; // withdrawn: the caller did it all
                Exception? error = null;
                try { _fn(_state, _index, _count); }
                catch (Exception e) { error = e; }
                Finish(error);
            }
        }

        private bool SpinFor(int seen)
        {
            long start = Stopwatch.GetTimestamp();
            while (true)
            {
                for (int i = 0; i < 64; i++)
                {
                    if (Volatile.Read(ref _ticket) != seen) return true;
                    Thread.SpinWait(4);
                }
                if (Stopwatch.GetTimestamp() - start > s_spinTicks) return false;
            }
        }
    }
}
