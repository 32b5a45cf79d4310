namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>The elements in row-major order, as a new array.</summary>
    public float[] ToArray()
    {
        var result = new float[Numel];
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the elements in row-major order into <paramref name="destination"/>.</summary>
    public unsafe void CopyTo(Span<float> destination)
    {
        if (destination.Length < Numel)
            throw new ArgumentException($"CopyTo: destination holds {destination.Length} values but the tensor has {Numel}");
        if (IsContiguous)
        {
            ContiguousSpan().CopyTo(destination);
            return;
        }
        Span<int> strides = stackalloc int[Rank];
        ShapeMath.ContiguousStrides(Shape, strides);
        fixed (float* d = destination)
            Kernels.Elementwise.Unary(Kernels.UnaryKind.Copy, 0, 0, Shape, d, strides, Pointer, Strides);
    }

    /// <summary>The elements of a 2-D tensor as <c>float[rows, cols]</c>.</summary>
    public float[,] ToArray2D()
    {
        if (Rank != 2) throw new InvalidOperationException($"ToArray2D: tensor of shape {ShapeMath.Format(Shape)} is not 2-D");
        var result = new float[Shape[0], Shape[1]];
        FillMultiArray(result);
        return result;
    }

    /// <summary>The elements as a multidimensional array with the tensor's rank (<c>float[,,]</c> for 3-D, ...).</summary>
    public Array ToMultiArray()
    {
        if (Rank == 0) return new[] { Item() };
        var lengths = Shape.ToArray();
        var result = Array.CreateInstanceFromArrayType(Rank == 1 ? typeof(float[]) : MultiArrayType(Rank), lengths);
        FillMultiArray(result);
        return result;
    }

    private void FillMultiArray(Array target)
    {
        var values = ToArray();
        Span<int> at = stackalloc int[Rank];
        var index = new int[Rank];
        for (int i = 0; i < values.Length; i++)
        {
            ShapeMath.Unravel(i, Shape, at);
            at.CopyTo(index);
            target.SetValue(values[i], index);
        }
    }

    private static Type MultiArrayType(int rank) => rank switch
    {
        2 => typeof(float[,]),
        3 => typeof(float[,,]),
        4 => typeof(float[,,,]),
        5 => typeof(float[,,,,]),
        6 => typeof(float[,,,,,]),
        7 => typeof(float[,,,,,,]),
        _ => typeof(float[,,,,,,,]),
    };
}
