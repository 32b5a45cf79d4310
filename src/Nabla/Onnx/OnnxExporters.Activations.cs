using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// Activations: ReLU, Sigmoid, Tanh, SELU, ELU(α), LeakyReLU(α), PReLU (slopes shaped [C, 1, …] to broadcast
    /// over channels), Softmax/LogSoftmax(axis), Hardtanh → Clip(min, max), SiLU → x·σ(x), Mish → x·tanh(softplus(x)),
    /// GELU → Gelu (opset ≥ 20) or x·½(1 + erf(x/√2)) below it (tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))),
    /// Softplus(β, threshold) → Softplus when β = 1 and threshold ≥ 20 (log(1 + eˣ) equals x in float32 there),
    /// else Where(βx &gt; threshold, x, Softplus(βx)/β).
    /// </summary>
    private static void RegisterActivations()
    {
        Register<ReLU>((context, m, x) => Unary(context, m, x, "Relu"));
        Register<Sigmoid>((context, m, x) => Unary(context, m, x, "Sigmoid"));
        Register<Tanh>((context, m, x) => Unary(context, m, x, "Tanh"));
        Register<SELU>((context, m, x) => Unary(context, m, x, "Selu",
            OnnxAttribute.Float("alpha", 1.6732632423543772f), OnnxAttribute.Float("gamma", 1.0507009873554805f)));
        Register<ELU>((context, m, x) => Unary(context, m, x, "Elu", OnnxAttribute.Float("alpha", m.Alpha)));
        Register<LeakyReLU>((context, m, x) => Unary(context, m, x, "LeakyRelu", OnnxAttribute.Float("alpha", m.NegativeSlope)));
        Register<Softmax>((context, m, x) => Unary(context, m, x, "Softmax", OnnxAttribute.Int("axis", m.Dim)));
        Register<LogSoftmax>((context, m, x) => Unary(context, m, x, "LogSoftmax", OnnxAttribute.Int("axis", m.Dim)));
        Register<PReLU>((context, m, x) =>
        {
            int n = (int)m.Weight.Numel;
            int[] slopeShape = [n];
            if (n > 1)
            {
                slopeShape = new int[x.Rank - 1];
                slopeShape.AsSpan().Fill(1);
                slopeShape[0] = n;
            }
            return context.Output(m, x, context.Node(m, "PRelu", [x.Name, context.Constant(m, "weight", m.Weight.ToArray(), slopeShape)]));
        });
        Register<Hardtanh>((context, m, x) => context.Output(m, x, context.Node(m, "Clip",
            [x.Name, context.Scalar(m, "min", m.MinValue), context.Scalar(m, "max", m.MaxValue)])));
        Register<SiLU>((context, m, x) => context.Output(m, x, context.Node(m, "Mul", [x.Name, context.Node(m, "Sigmoid", [x.Name])])));
        Register<Mish>((context, m, x) =>
        {
            string t = context.Node(m, "Tanh", [context.Node(m, "Softplus", [x.Name])]);
            return context.Output(m, x, context.Node(m, "Mul", [x.Name, t]));
        });
        Register<GELU>((context, m, x) => context.Output(m, x, GeluNodes(context, m, x.Name, m.TanhApproximation)));
        Register<Softplus>((context, m, x) =>
        {
            if (m.Beta == 1f && m.Threshold >= 20f)
                return Unary(context, m, x, "Softplus");
            string scaled = context.Node(m, "Mul", [x.Name, context.Scalar(m, "beta", m.Beta)]);
            string soft = context.Node(m, "Div", [context.Node(m, "Softplus", [scaled]), context.Scalar(m, "beta_divisor", m.Beta)]);
            string linear = context.Node(m, "Greater", [scaled, context.Scalar(m, "threshold", m.Threshold)]);
            return context.Output(m, x, context.Node(m, "Where", [linear, x.Name, soft]));
        });
    }

    /// <summary>GELU of <paramref name="x"/>: the Gelu op from opset 20, else its erf (or tanh) formula.</summary>
    private static string GeluNodes(OnnxExportContext context, Module m, string x, bool tanh)
    {
        if (context.Opset >= 20)
            return context.Node(m, "Gelu", [x], OnnxAttribute.String("approximate", tanh ? "tanh" : "none"));
        string inner;
        if (tanh)
        {
            string cube = context.Node(m, "Mul", [x, context.Node(m, "Mul", [x, x])]);
            string sum = context.Node(m, "Add", [x, context.Node(m, "Mul", [cube, context.Scalar(m, "coefficient", 0.044715f)])]);
            inner = context.Node(m, "Tanh", [context.Node(m, "Mul", [sum, context.Scalar(m, "sqrt_2_over_pi", MathF.Sqrt(2f / MathF.PI))])]);
        }
        else
            inner = context.Node(m, "Erf", [context.Node(m, "Mul", [x, context.Scalar(m, "inv_sqrt2", 1f / MathF.Sqrt(2f))])]);
        return context.Node(m, "Mul", [context.Node(m, "Mul", [x, context.Scalar(m, "half", 0.5f)]), context.Node(m, "Add", [inner, context.Scalar(m, "one", 1f)])]);
    }

    private static OnnxValue Unary(OnnxExportContext context, Module module, OnnxValue input, string opType, params OnnxAttribute[] attributes) =>
        context.Output(module, input, context.Node(module, opType, [input.Name], attributes));
}
