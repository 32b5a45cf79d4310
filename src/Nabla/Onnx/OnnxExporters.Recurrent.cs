using System.Globalization;
using Nabla.Nn;
using Nabla.Nn.Recurrent;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// LSTM, GRU and RNN → one ONNX LSTM/GRU/RNN node per layer (direction "forward" or "bidirectional", layout 0:
    /// [T, N, ·]), with the gate blocks reordered from PyTorch's to ONNX's: LSTM (i, f, g, o) → (i, o, f, c), GRU
    /// (r, z, n) → (z, r, h) with linear_before_reset = 1 (PyTorch applies the reset gate after the hidden
    /// projection's bias). Y [T, dirs, N, H] becomes [T, N, dirs·H] for the next layer; batch-first inputs are
    /// transposed in and out. LSTMCell and GRUCell → the same ops over a one-step sequence. LastStep → Gather(index
    /// −1). Only the output sequence (Forward's result, from zero initial states) is exported.
    /// </summary>
    private static void RegisterRecurrent()
    {
        Register<LSTM>((context, lstm, input) => Recurrent(context, lstm, input, "LSTM", [0, 3, 1, 2]));
        Register<GRU>((context, gru, input) => Recurrent(context, gru, input, "GRU", [1, 0, 2], OnnxAttribute.Int("linear_before_reset", 1)));
        Register<RNN>((context, rnn, input) => Recurrent(context, rnn, input, "RNN", [0],
            OnnxAttribute.Strings("activations", rnn.Nonlinearity == RnnNonlinearity.Relu ? "Relu" : "Tanh")));
        Register<LSTMCell>((context, cell, input) => Cell(context, cell, input, "LSTM", [0, 3, 1, 2]));
        Register<GRUCell>((context, cell, input) => Cell(context, cell, input, "GRU", [1, 0, 2], OnnxAttribute.Int("linear_before_reset", 1)));
        Register<LastStep>((context, last, input) =>
        {
            RequireRank(last, input, 3, last.BatchFirst ? "[N, T, features]" : "[T, N, features]");
            string index = context.Int64Scalar(last, "last_index", -1);
            return context.Output(last, input, context.Node(last, "Gather", [input.Name, index], OnnxAttribute.Int("axis", last.BatchFirst ? 1 : 0)));
        });
    }

    private static OnnxValue Recurrent(OnnxExportContext context, RecurrentLayer layer, OnnxValue input, string opType, int[] gateOrder,
                                       params OnnxAttribute[] attributes)
    {
        RequireRank(layer, input, 3, layer.BatchFirst ? "[N, T, input_size]" : "[T, N, input_size]");
        int h = layer.HiddenSize, dirs = layer.Directions;
        string x = layer.BatchFirst ? context.Node(layer, "Transpose", [input.Name], OnnxAttribute.Ints("perm", 1, 0, 2)) : input.Name;
        for (int l = 0; l < layer.NumLayers; l++)
        {
            float[][] w = new float[dirs][], r = new float[dirs][], b = new float[dirs][];
            for (int d = 0; d < dirs; d++)
            {
                string suffix = "_l" + l.ToString(CultureInfo.InvariantCulture) + (d == 1 ? "_reverse" : "");
                w[d] = Reorder(Parameter(layer, "weight_ih" + suffix), gateOrder);
                r[d] = Reorder(Parameter(layer, "weight_hh" + suffix), gateOrder);
                if (layer.HasBias)
                    b[d] = [.. Reorder(Parameter(layer, "bias_ih" + suffix), gateOrder), .. Reorder(Parameter(layer, "bias_hh" + suffix), gateOrder)];
            }
            int gates = gateOrder.Length * h, inputSize = w[0].Length / gates;
            string tag = "l" + l.ToString(CultureInfo.InvariantCulture);
            List<string> inputs =
            [
                x,
                context.Constant(layer, "W_" + tag, Concat(w), dirs, gates, inputSize),
                context.Constant(layer, "R_" + tag, Concat(r), dirs, gates, h),
            ];
            if (layer.HasBias)
                inputs.Add(context.Constant(layer, "B_" + tag, Concat(b), dirs, 2 * gates));
            string y = context.Node(layer, opType, inputs,
                [.. attributes, OnnxAttribute.Int("hidden_size", h), OnnxAttribute.String("direction", dirs == 2 ? "bidirectional" : "forward")]);
            string sequenceFirst = context.Node(layer, "Transpose", [y], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
            x = context.Node(layer, "Reshape", [sequenceFirst, context.Int64Constant(layer, "merge_directions", 0, 0, -1)]);
        }
        if (layer.BatchFirst)
            x = context.Node(layer, "Transpose", [x], OnnxAttribute.Ints("perm", 1, 0, 2));
        return context.Output(layer, input, x);
    }

    /// <summary>A cell's step from a zero state: x [N, I] as a one-step sequence [1, N, I], Y [1, 1, N, H] back to [N, H].</summary>
    private static OnnxValue Cell(OnnxExportContext context, RecurrentCell cell, OnnxValue input, string opType, int[] gateOrder,
                                  params OnnxAttribute[] attributes)
    {
        RequireRank(cell, input, 2, "[N, input_size]");
        int h = cell.HiddenSize, gates = gateOrder.Length * h;
        string x = context.Node(cell, "Reshape", [input.Name, context.Int64Constant(cell, "sequence_shape", 1, -1, cell.InputSize)]);
        List<string> inputs =
        [
            x,
            context.Constant(cell, "W", Reorder(cell.WeightIh, gateOrder), 1, gates, cell.InputSize),
            context.Constant(cell, "R", Reorder(cell.WeightHh, gateOrder), 1, gates, h),
        ];
        if (cell.BiasIh is not null && cell.BiasHh is not null)
            inputs.Add(context.Constant(cell, "B", [.. Reorder(cell.BiasIh, gateOrder), .. Reorder(cell.BiasHh, gateOrder)], 1, 2 * gates));
        string y = context.Node(cell, opType, inputs, [.. attributes, OnnxAttribute.Int("hidden_size", h)]);
        return context.Output(cell, input, context.Node(cell, "Reshape", [y, context.Int64Constant(cell, "state_shape", -1, h)]));
    }

    private static Tensor Parameter(Module module, string name) =>
        module.LocalParameter(name) ?? throw OnnxExportContext.Unsupported(module, $"it has no parameter '{name}'");

    /// <summary>Reorders the gate blocks (rows) of a [gates·H, …] weight or [gates·H] bias: block i of the result is block order[i].</summary>
    private static float[] Reorder(Tensor parameter, int[] order)
    {
        float[] source = parameter.ToArray(), result = new float[source.Length];
        int block = source.Length / order.Length;
        for (int i = 0; i < order.Length; i++)
            Array.Copy(source, order[i] * block, result, i * block, block);
        return result;
    }

    private static float[] Concat(float[][] parts)
    {
        int total = 0;
        foreach (var p in parts) total += p.Length;
        var result = new float[total];
        int offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }
        return result;
    }
}
