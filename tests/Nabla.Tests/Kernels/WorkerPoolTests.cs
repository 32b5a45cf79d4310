using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

public sealed class WorkerPoolTests
{
    internal struct CountingBody : IParallelFor
    {
        public int[] Counts;
        public void Invoke(int index) => Interlocked.Increment(ref Counts[index]);
    }

    internal struct NestedBody : IParallelFor
    {
        public int[] Counts;
        public int Inner;
        public void Invoke(int index)
        {
            var inner = new CountingBody { Counts = new int[Inner] };
            WorkerPool.For(Inner, ref inner);
            foreach (int c in inner.Counts) Interlocked.Add(ref Counts[index], c);
        }
    }

    internal struct ParticipantProbe : IParallelRegion
    {
        public int[] Seen;
        public void Execute(in RegionContext context) => Interlocked.Increment(ref Seen[context.Index]);
    }

    internal struct BarrierBody : IParallelRegion
    {
        public int[] Slots;
        public int Errors;
        public void Execute(in RegionContext context)
        {
            for (int round = 1; round <= 50; round++)
            {
                Volatile.Write(ref Slots[context.Index], round);
                context.Barrier();
                for (int i = 0; i < context.Count; i++)
                    if (Volatile.Read(ref Slots[i]) < round) Interlocked.Increment(ref Errors);
                context.Barrier();
            }
        }
    }

    internal struct ThrowingBody : IParallelFor
    {
        public void Invoke(int index)
        {
            if (index == 5) throw new InvalidOperationException("task 5 failed");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(1000, 2)]
    [InlineData(7, 4)]
    public void EveryTaskRunsExactlyOnce(int tasks, int threads)
    {
        for (int rep = 0; rep < 20; rep++)
        {
            var body = new CountingBody { Counts = new int[tasks] };
            WorkerPool.For(tasks, ref body, threads);
            Assert.All(body.Counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void NestedRegionsRunSeriallyAndComplete()
    {
        var body = new NestedBody { Counts = new int[16], Inner = 33 };
        WorkerPool.For(16, ref body, 2);
        Assert.All(body.Counts, c => Assert.Equal(33, c));
    }

    [Fact]
    public void RegionParticipantsAreDistinctAndBarrierSynchronises()
    {
        var probe = new ParticipantProbe { Seen = new int[4] };
        int ran = WorkerPool.Run(2, ref probe);
        Assert.InRange(ran, 1, 2);
        for (int i = 0; i < 4; i++) Assert.Equal(i < ran ? 1 : 0, probe.Seen[i]);

        var barrier = new BarrierBody { Slots = new int[4] };
        WorkerPool.Run(2, ref barrier);
        Assert.Equal(0, barrier.Errors);
    }

    [Fact]
    public void ExceptionsPropagateToTheCaller()
    {
        var body = new ThrowingBody();
        var ex = Assert.Throws<InvalidOperationException>(() => WorkerPool.For(20, ref body, 2));
        Assert.Equal("task 5 failed", ex.Message);
        // The pool still works afterwards.
        var ok = new CountingBody { Counts = new int[10] };
        WorkerPool.For(10, ref ok, 2);
        Assert.All(ok.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ConcurrentCallersFromManyThreadsAllComplete()
    {
        Parallel.For(0, 8, _ =>
        {
            for (int rep = 0; rep < 50; rep++)
            {
                var body = new CountingBody { Counts = new int[37] };
                WorkerPool.For(37, ref body, 2);
                Assert.All(body.Counts, c => Assert.Equal(1, c));
            }
        });
    }
}
