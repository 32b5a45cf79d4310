using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// <see cref="ByteConversion.Divide"/> equals scalar division bit for bit (the SIMD body and the scalar tail), for
/// every byte value and for lengths around the 16-byte step.
/// </summary>
public sealed class ByteConversionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(256)]
    [InlineData(784)]
    [InlineData(1001)]
    public void EqualsScalarDivisionBitForBit(int length)
    {
        var source = new byte[length];
        for (int i = 0; i < length; i++) source[i] = (byte)(i * 37 + 11);
        foreach (float divisor in new[] { 255f, 3f, 0.5f })
        {
            var result = new float[length + 3];
            ByteConversion.Divide(source, result, divisor);
            for (int i = 0; i < length; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(source[i] / divisor), BitConverter.SingleToInt32Bits(result[i]));
            Assert.Equal([0f, 0f, 0f], result[length..]);
        }
    }

    [Fact]
    public void EveryByteValueMatchesItsQuotient()
    {
        var source = new byte[256];
        for (int i = 0; i < 256; i++) source[i] = (byte)i;
        var result = new float[256];
        ByteConversion.Divide(source, result, 255f);
        for (int i = 0; i < 256; i++) Assert.Equal(i / 255f, result[i]);
    }

    [Fact]
    public void ATooShortDestinationIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => ByteConversion.Divide(new byte[20], new float[19], 255f));
        Assert.Contains("19 floats for 20 bytes", ex.Message);
    }
}
