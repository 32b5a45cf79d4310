using System.Globalization;
using System.Text;

namespace Nabla.Nn;

public abstract partial class Module
{
    /// <summary>
    /// A Keras-style table: each layer's qualified name and type, its output shape for an input of
    /// <paramref name="inputShape"/> (the full shape, batch included, e.g. [1, 1, 28, 28]), and its parameter count,
    /// then the total, trainable and non-trainable counts. Sequential containers are expanded; other modules are
    /// one row each. Runs one forward pass on zeros in evaluation mode without gradients and restores the mode.
    /// </summary>
    public string Summary(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        NamedModules();
        bool wasTraining = Training;
        var rows = new List<(string Layer, string Output, long Params)>();
        Eval();
        try
        {
            using (TensorScope.Enter())
            using (Autograd.NoGrad())
            {
                var output = Trace(this, Tensor.Zeros(inputShape), rows);
                if (this is not Sequential)
                    rows[^1] = (rows[^1].Layer, ShapeMath.Format(output.Shape), rows[^1].Params);
            }
        }
        finally
        {
            Train(wasTraining);
        }
        return FormatSummary(rows);
    }

    private static Tensor Trace(Module module, Tensor input, List<(string, string, long)> rows)
    {
        if (module is Sequential sequential)
        {
            var x = input;
            foreach (var layer in sequential.Layers)
                x = Trace(layer, x, rows);
            return x;
        }
        var y = module.Forward(input);
        string label = (module.Name.Length == 0 ? "" : module.Name + " ") + "(" + module.GetType().Name + ")";
        rows.Add((label, ShapeMath.Format(y.Shape), module.ParameterCount()));
        return y;
    }

    private string FormatSummary(List<(string Layer, string Output, long Params)> rows)
    {
        const string h1 = "Layer (type)", h2 = "Output shape", h3 = "Param #";
        int w1 = h1.Length, w2 = h2.Length, w3 = h3.Length;
        foreach (var (layer, output, count) in rows)
        {
            w1 = Math.Max(w1, layer.Length);
            w2 = Math.Max(w2, output.Length);
            w3 = Math.Max(w3, count.ToString("N0", CultureInfo.InvariantCulture).Length);
        }
        int width = w1 + w2 + w3 + 6;
        var sb = new StringBuilder();
        sb.AppendLine($"Model: \"{GetType().Name}\"");
        sb.AppendLine(new string('━', width));
        sb.AppendLine($"{h1.PadRight(w1)}   {h2.PadRight(w2)}   {h3.PadLeft(w3)}");
        sb.AppendLine(new string('━', width));
        foreach (var (layer, output, count) in rows)
            sb.AppendLine($"{layer.PadRight(w1)}   {output.PadRight(w2)}   {count.ToString("N0", CultureInfo.InvariantCulture).PadLeft(w3)}");
        sb.AppendLine(new string('━', width));
        long total = ParameterCount(), trainable = ParameterCount(trainableOnly: true);
        sb.AppendLine($"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        sb.AppendLine($"Trainable params: {trainable.ToString("N0", CultureInfo.InvariantCulture)}");
        sb.Append($"Non-trainable params: {(total - trainable).ToString("N0", CultureInfo.InvariantCulture)}");
        return sb.ToString();
    }
}
