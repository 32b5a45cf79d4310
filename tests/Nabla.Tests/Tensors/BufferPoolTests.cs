namespace Nabla.Tests.Tensors;

/// <summary>
/// <see cref="BufferPool"/> hands a request the smallest pooled block that holds it, within
/// <see cref="BufferPool.MaxSlack"/> times its size, and sets the storage's length to the request. The pool is shared
/// with tests running in parallel, so each check uses sizes no other test asks for and retries when a neighbour
/// took or trimmed its block in between; the tests' sizes lie more than MaxSlack apart so they never share blocks.
/// </summary>
public sealed class BufferPoolTests
{
    private static bool Attempt(Func<bool> check)
    {
        for (int attempt = 0; attempt < 5; attempt++)
            if (check()) return true;
        return false;
    }

    [Fact]
    public void ASmallerRequestReusesALargerBlockWithinTheSlack()
    {
        const int full = 9_876_543, partial = full * 3 / 4; // an epoch's last, smaller batch
        Assert.True(Attempt(() =>
        {
            var block = BufferPool.Rent(full);
            BufferPool.Return(block);
            var reused = BufferPool.Rent(partial);
            bool same = ReferenceEquals(reused, block);
            Assert.Equal(partial, reused.Length);
            Assert.Equal(partial, reused.Span.Length);
            BufferPool.Return(reused);
            return same && reused.Capacity == full;
        }), "a request for 3/4 of a pooled block's size must reuse that block");
    }

    [Fact]
    public void ARequestFarSmallerThanAnyBlockGetsItsOwn()
    {
        const int big = 1_000_003, small = big / BufferPool.MaxSlack - 1;
        var block = BufferPool.Rent(big);
        BufferPool.Return(block);
        var other = BufferPool.Rent(small);
        Assert.False(ReferenceEquals(other, block), "a block more than MaxSlack times the request must not be handed out");
        Assert.True(other.Capacity <= (long)small * BufferPool.MaxSlack);
    }

    [Fact]
    public void TheSmallestFittingBlockIsChosenAndPooledBytesCountCapacity()
    {
        const int request = 3_000_001;
        Assert.True(Attempt(() =>
        {
            var larger = BufferPool.Rent(request + 1000);
            var exact = BufferPool.Rent(request + 10);
            BufferPool.Return(larger);
            long before = BufferPool.PooledBytes;
            BufferPool.Return(exact);
            long added = BufferPool.PooledBytes - before;
            var got = BufferPool.Rent(request);
            bool ok = ReferenceEquals(got, exact) && added == (long)exact.Capacity * sizeof(float);
            BufferPool.Return(got);
            return ok;
        }), "the block closest in size must be chosen, and the pool must count its full capacity");
    }

    [Fact]
    public void AReusedLargerBlockReadsOnlyTheRequestedElements()
    {
        const int floats = 4_321_001;
        Tensor first;
        using (TensorScope.Enter())
            first = Tensor.Full(3f, floats);
        var smaller = Tensor.Ones(floats - 17);
        Assert.Equal(floats - 17, smaller.ToArray().Length);
        Assert.All(smaller.ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal(floats - 17, smaller.Numel);
        _ = first;
    }
}
