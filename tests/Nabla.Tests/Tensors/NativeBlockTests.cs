namespace Nabla.Tests.Tensors;

/// <summary>
/// Tensor storages live in <see cref="NativeBlock"/> memory: 64-byte aligned, huge-page aligned from 2 MiB, fully
/// and writable over their length.
/// </summary>
public sealed unsafe class NativeBlockTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(1_000, 64)]
    [InlineData(NativeBlock.HugePageBytes / sizeof(float) - 1, 64)]
    [InlineData(NativeBlock.HugePageBytes / sizeof(float), NativeBlock.HugePageBytes)]
    [InlineData(3_211_264, NativeBlock.HugePageBytes)] // a conv1 activation: 128 x 32 x 28 x 28
    public void BlocksAreAlignedAndWritableOverTheirLength(int floats, int alignment)
    {
        float* block = NativeBlock.Allocate(floats);
        try
        {
            Assert.Equal(0, (long)block % alignment);
            var span = new Span<float>(block, floats);
            span.Fill(1.5f);
            if (floats > 0) Assert.Equal(1.5f, span[^1]);
        }
        finally
        {
            NativeBlock.Free(block, floats);
        }
    }

    [Fact]
    public void AStorageSpansExactlyItsLengthOnAnAlignedPointer()
    {
        var storage = new TensorStorage(777);
        Assert.Equal(0, (long)storage.Pointer % 64);
        Assert.Equal(777, storage.Span.Length);
        storage.Length = 500;
        Assert.Equal(500, storage.Span.Length);
        Assert.True(storage.Pointer == (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref storage.Span[0]));
    }
}
