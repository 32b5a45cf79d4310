using System.Globalization;
using System.Text;

namespace Nabla;

public sealed partial class Tensor
{
    private const int SummaryThreshold = 1000;
    private const int EdgeItems = 3;

    /// <summary>
    /// The values laid out like PyTorch prints them (rows aligned, four decimals or scientific notation when the
    /// magnitudes call for it, large tensors summarised with "..."), followed by the shape and the gradient link.
    /// </summary>
    public override string ToString()
    {
        if (_storage.Generation != _generation) return "tensor(<recycled when its TensorScope ended>)";
        var values = ToArray();
        var format = ChooseFormat(values);
        int width = 0;
        foreach (float v in values) width = Math.Max(width, FormatValue(v, format).Length);
        var sb = new StringBuilder("tensor(");
        if (Rank == 0) sb.Append(FormatValue(values[0], format));
        else AppendDim(sb, values, 0, 0, width, format, "tensor(".Length, Numel > SummaryThreshold);
        sb.Append(", shape=").Append(ShapeMath.Format(Shape));
        if (GradFn is not null) sb.Append(", grad_fn=").Append(GradFn);
        else if (RequiresGrad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    private void AppendDim(StringBuilder sb, float[] values, int dim, int offset, int width, string format, int indent, bool summarize)
    {
        sb.Append('[');
        int size = Shape[dim];
        int block = 1;
        for (int d = dim + 1; d < Rank; d++) block *= Shape[d];
        for (int i = 0; i < size; i++)
        {
            if (summarize && size > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(dim == Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = size - EdgeItems - 1;
                continue;
            }
            if (dim == Rank - 1) sb.Append(FormatValue(values[offset + i], format).PadLeft(width));
            else AppendDim(sb, values, dim + 1, offset + i * block, width, format, indent, summarize);
            if (i < size - 1)
            {
                sb.Append(',');
                if (dim == Rank - 1) sb.Append(' ');
                else sb.Append('\n', Rank - 1 - dim).Append(' ', indent + dim + 1);
            }
        }
        sb.Append(']');
    }

    private static string ChooseFormat(float[] values)
    {
        float maxAbs = 0, minAbs = float.PositiveInfinity;
        bool allIntegral = true;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            float a = MathF.Abs(v);
            maxAbs = Math.Max(maxAbs, a);
            if (a > 0) minAbs = Math.Min(minAbs, a);
            allIntegral &= v == MathF.Floor(v);
        }
        if (allIntegral && maxAbs < 1e8f) return "int";
        return maxAbs >= 1e8f || (minAbs < 1e-4f && maxAbs > 0) || maxAbs / minAbs > 1e3f ? "0.0000e+00" : "0.0000";
    }

    private static string FormatValue(float v, string format)
    {
        if (float.IsNaN(v)) return "nan";
        if (float.IsPositiveInfinity(v)) return "inf";
        if (float.IsNegativeInfinity(v)) return "-inf";
        return format == "int" ? v.ToString("0", CultureInfo.InvariantCulture) + "."
                               : v.ToString(format, CultureInfo.InvariantCulture);
    }
}
