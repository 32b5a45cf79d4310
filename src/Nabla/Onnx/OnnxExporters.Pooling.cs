using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// MaxPool1d/2d → MaxPool and AvgPool2d → AveragePool (kernel_shape, strides, pads, dilations, ceil_mode,
    /// count_include_pad). AdaptiveAvgPool2d to 1×1 → GlobalAveragePool; to h×w dividing the input's H×W exactly
    /// → AveragePool with kernel = stride = (H/h, W/w), which averages the same cells.
    /// </summary>
    private static void RegisterPooling()
    {
        Register<MaxPool1d>((context, pool, input) =>
        {
            RequireRank(pool, input, 3, "[N, C, L]");
            return context.Output(pool, input, context.Node(pool, "MaxPool", [input.Name],
                OnnxAttribute.Ints("kernel_shape", pool.KernelSize), OnnxAttribute.Ints("strides", pool.Stride),
                OnnxAttribute.Ints("pads", pool.Padding, pool.Padding), OnnxAttribute.Ints("dilations", pool.Dilation),
                OnnxAttribute.Int("ceil_mode", pool.CeilMode ? 1 : 0)));
        });
        Register<MaxPool2d>((context, pool, input) =>
        {
            RequireRank(pool, input, 4, "[N, C, H, W]");
            return context.Output(pool, input, context.Node(pool, "MaxPool", [input.Name],
                Pair("kernel_shape", pool.KernelSize), Pair("strides", pool.Stride), Pads(pool.Padding),
                Pair("dilations", pool.Dilation), OnnxAttribute.Int("ceil_mode", pool.CeilMode ? 1 : 0)));
        });
        Register<AvgPool2d>((context, pool, input) =>
        {
            RequireRank(pool, input, 4, "[N, C, H, W]");
            if (pool.DivisorOverride is int divisor)
                throw OnnxExportContext.Unsupported(pool, $"divisor_override={divisor} has no ONNX AveragePool equivalent; use the default divisor");
            return context.Output(pool, input, context.Node(pool, "AveragePool", [input.Name],
                Pair("kernel_shape", pool.KernelSize), Pair("strides", pool.Stride), Pads(pool.Padding),
                OnnxAttribute.Int("ceil_mode", pool.CeilMode ? 1 : 0), OnnxAttribute.Int("count_include_pad", pool.CountIncludePad ? 1 : 0)));
        });
        Register<AdaptiveAvgPool2d>((context, pool, input) =>
        {
            RequireRank(pool, input, 4, "[N, C, H, W]");
            int h = input.Shape[2], w = input.Shape[3];
            var size = pool.OutputSize;
            if (size.H == 1 && size.W == 1)
                return context.Output(pool, input, context.Node(pool, "GlobalAveragePool", [input.Name]));
            if (h % size.H != 0 || w % size.W != 0)
                throw OnnxExportContext.Unsupported(pool,
                    $"output size {size} does not divide the input's {h}×{w}, so its windows overlap unevenly and no AveragePool matches; choose an output size that divides the input or use AvgPool2d");
            Size2 kernel = (h / size.H, w / size.W);
            return context.Output(pool, input, context.Node(pool, "AveragePool", [input.Name],
                Pair("kernel_shape", kernel), Pair("strides", kernel)));
        });
    }
}
