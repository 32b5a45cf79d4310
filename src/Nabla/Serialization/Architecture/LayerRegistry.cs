using System.Text.Json.Nodes;
using Nabla.Nn;
using Nabla.Nn.Attention;
using Nabla.Nn.Recurrent;

namespace Nabla.Serialization.Architecture;

/// <summary>
/// The built-in layers that a model file or a config can name, each with how it is built from its JSON arguments
/// (PyTorch's argument names; channel and feature counts may be left out and are then inferred from the shape
/// flowing in) and how it is described back to JSON.
/// </summary>
internal static class LayerRegistry
{
    internal delegate Module Builder(SpecReader r, int[]? inputShape);

    internal sealed record Entry(Type Type, Builder Build, Func<Module, JsonObject> Describe);

    internal static readonly Dictionary<string, Entry> Entries = Create();

    private static JsonArray Pair(Size2 s) => [s.H, s.W];

    private static int Infer(SpecReader r, string key, int[]? shape, int dim)
    {
        if (r.Has(key) || shape is null || shape.Length == 0)
            return r.Int(key);
        return shape[dim < 0 ? shape.Length + dim : dim];
    }

    private static JsonObject DescribeBatchNorm(BatchNorm m) => new()
    {
        ["num_features"] = m.NumFeatures, ["eps"] = m.Eps, ["momentum"] = m.Momentum,
        ["affine"] = m.Weight is not null, ["track_running_stats"] = m.RunningMean is not null,
    };

    private static Dictionary<string, Entry> Create()
    {
        var e = new Dictionary<string, Entry>(StringComparer.Ordinal);
        void Add<T>(Builder build, Func<T, JsonObject> describe) where T : Module =>
            e[typeof(T).Name] = new Entry(typeof(T), build, m => describe((T)m));
        void Simple<T>(Func<T> create) where T : Module => Add<T>((_, _) => create(), _ => []);

        Add<Linear>((r, s) => new Linear(Infer(r, "in_features", s, -1), r.Int("out_features"), r.Bool("bias", true)),
            m => new() { ["in_features"] = m.InFeatures, ["out_features"] = m.OutFeatures, ["bias"] = m.Bias is not null });
        Add<Conv2d>((r, s) => new Conv2d(Infer(r, "in_channels", s, 0), r.Int("out_channels"), r.Pair("kernel_size"), r.Pair("stride", 1),
                                         r.Pair("padding", 0), r.Pair("dilation", 1), r.Int("groups", 1), r.Bool("bias", true)),
            m => new() { ["in_channels"] = m.InChannels, ["out_channels"] = m.OutChannels, ["kernel_size"] = Pair(m.KernelSize), ["stride"] = Pair(m.Stride),
                         ["padding"] = Pair(m.Padding), ["dilation"] = Pair(m.Dilation), ["groups"] = m.Groups, ["bias"] = m.Bias is not null });
        Add<Conv1d>((r, s) => new Conv1d(Infer(r, "in_channels", s, 0), r.Int("out_channels"), r.Int("kernel_size"), r.Int("stride", 1),
                                         r.Int("padding", 0), r.Int("dilation", 1), r.Int("groups", 1), r.Bool("bias", true)),
            m => new() { ["in_channels"] = m.InChannels, ["out_channels"] = m.OutChannels, ["kernel_size"] = m.KernelSize, ["stride"] = m.Stride,
                         ["padding"] = m.Padding, ["dilation"] = m.Dilation, ["groups"] = m.Groups, ["bias"] = m.Bias is not null });
        Add<ConvTranspose2d>((r, s) => new ConvTranspose2d(Infer(r, "in_channels", s, 0), r.Int("out_channels"), r.Pair("kernel_size"), r.Pair("stride", 1),
                                                           r.Pair("padding", 0), r.Pair("output_padding", 0), r.Int("groups", 1), r.Bool("bias", true), r.Pair("dilation", 1)),
            m => new() { ["in_channels"] = m.InChannels, ["out_channels"] = m.OutChannels, ["kernel_size"] = Pair(m.KernelSize), ["stride"] = Pair(m.Stride),
                         ["padding"] = Pair(m.Padding), ["output_padding"] = Pair(m.OutputPadding), ["dilation"] = Pair(m.Dilation), ["groups"] = m.Groups, ["bias"] = m.Bias is not null });
        Add<MaxPool2d>((r, _) => new MaxPool2d(r.Pair("kernel_size"), r.Has("stride") ? r.Pair("stride") : null, r.Pair("padding", 0), r.Pair("dilation", 1), r.Bool("ceil_mode", false)),
            m => new() { ["kernel_size"] = Pair(m.KernelSize), ["stride"] = Pair(m.Stride), ["padding"] = Pair(m.Padding), ["dilation"] = Pair(m.Dilation), ["ceil_mode"] = m.CeilMode });
        Add<MaxPool1d>((r, _) => new MaxPool1d(r.Int("kernel_size"), r.OptionalInt("stride"), r.Int("padding", 0), r.Int("dilation", 1), r.Bool("ceil_mode", false)),
            m => new() { ["kernel_size"] = m.KernelSize, ["stride"] = m.Stride, ["padding"] = m.Padding, ["dilation"] = m.Dilation, ["ceil_mode"] = m.CeilMode });
        Add<AvgPool2d>((r, _) => new AvgPool2d(r.Pair("kernel_size"), r.Has("stride") ? r.Pair("stride") : null, r.Pair("padding", 0), r.Bool("ceil_mode", false),
                                               r.Bool("count_include_pad", true), r.OptionalInt("divisor_override")),
            m => new() { ["kernel_size"] = Pair(m.KernelSize), ["stride"] = Pair(m.Stride), ["padding"] = Pair(m.Padding), ["ceil_mode"] = m.CeilMode,
                         ["count_include_pad"] = m.CountIncludePad, ["divisor_override"] = m.DivisorOverride });
        Add<AdaptiveAvgPool2d>((r, _) => new AdaptiveAvgPool2d(r.Pair("output_size")), m => new() { ["output_size"] = Pair(m.OutputSize) });
        Add<Flatten>((r, _) => new Flatten(r.Int("start_dim", 1), r.Int("end_dim", -1)), m => new() { ["start_dim"] = m.StartDim, ["end_dim"] = m.EndDim });
        Add<Unflatten>((r, _) => new Unflatten(r.Int("dim"), r.Ints("unflattened_size")),
            m => new() { ["dim"] = m.Dim, ["unflattened_size"] = new JsonArray([.. m.Sizes.Select(x => (JsonNode)x)]) });
        Add<BatchNorm1d>((r, s) => new BatchNorm1d(Infer(r, "num_features", s, 0), r.Float("eps", 1e-5f), r.Float("momentum", 0.1f), r.Bool("affine", true), r.Bool("track_running_stats", true)),
            DescribeBatchNorm);
        Add<BatchNorm2d>((r, s) => new BatchNorm2d(Infer(r, "num_features", s, 0), r.Float("eps", 1e-5f), r.Float("momentum", 0.1f), r.Bool("affine", true), r.Bool("track_running_stats", true)),
            DescribeBatchNorm);
        Add<LayerNorm>((r, s) => new LayerNorm(r.Has("normalized_shape") || s is null ? r.Ints("normalized_shape") : [s[^1]], r.Float("eps", 1e-5f), r.Bool("elementwise_affine", true), r.Bool("bias", true)),
            m => new() { ["normalized_shape"] = new JsonArray([.. m.NormalizedShape.Select(x => (JsonNode)x)]), ["eps"] = m.Eps, ["elementwise_affine"] = m.Weight is not null, ["bias"] = m.Bias is not null || m.Weight is null });
        Add<GroupNorm>((r, s) => new GroupNorm(r.Int("num_groups"), Infer(r, "num_channels", s, 0), r.Float("eps", 1e-5f), r.Bool("affine", true)),
            m => new() { ["num_groups"] = m.NumGroups, ["num_channels"] = m.NumChannels, ["eps"] = m.Eps, ["affine"] = m.Weight is not null });
        Add<Dropout>((r, _) => new Dropout(r.Float("p", 0.5f)), m => new() { ["p"] = m.P });
        Add<Dropout2d>((r, _) => new Dropout2d(r.Float("p", 0.5f)), m => new() { ["p"] = m.P });
        Add<Embedding>((r, _) => new Embedding(r.Int("num_embeddings"), r.Int("embedding_dim"), r.OptionalInt("padding_idx")),
            m => new() { ["num_embeddings"] = m.NumEmbeddings, ["embedding_dim"] = m.EmbeddingDim, ["padding_idx"] = m.PaddingIndex });
        Add<Upsample>((r, _) => r.Has("size") ? new Upsample(r.Pair("size")) : new Upsample(r.Float("scale_factor", 2f)),
            m => m.Size is { } size ? new() { ["size"] = Pair(size) } : new() { ["scale_factor"] = m.ScaleFactor!.Value.H });
        Simple(() => new Identity());
        Simple(() => new ReLU());
        Simple(() => new Sigmoid());
        Simple(() => new Tanh());
        Simple(() => new SiLU());
        Simple(() => new SELU());
        Simple(() => new Mish());
        Add<LeakyReLU>((r, _) => new LeakyReLU(r.Float("negative_slope", 0.01f)), m => new() { ["negative_slope"] = m.NegativeSlope });
        Add<PReLU>((r, _) => new PReLU(r.Int("num_parameters", 1), r.Float("init", 0.25f)), m => new() { ["num_parameters"] = m.Weight.Numel });
        Add<ELU>((r, _) => new ELU(r.Float("alpha", 1f)), m => new() { ["alpha"] = m.Alpha });
        Add<GELU>((r, _) => new GELU(r.Choice("approximate", "none", "none", "tanh") == "tanh"), m => new() { ["approximate"] = m.TanhApproximation ? "tanh" : "none" });
        Add<Hardtanh>((r, _) => new Hardtanh(r.Float("min_val", -1f), r.Float("max_val", 1f)), m => new() { ["min_val"] = m.MinValue, ["max_val"] = m.MaxValue });
        Add<Softplus>((r, _) => new Softplus(r.Float("beta", 1f), r.Float("threshold", 20f)), m => new() { ["beta"] = m.Beta, ["threshold"] = m.Threshold });
        Add<Softmax>((r, _) => new Softmax(r.Int("dim", -1)), m => new() { ["dim"] = m.Dim });
        Add<LogSoftmax>((r, _) => new LogSoftmax(r.Int("dim", -1)), m => new() { ["dim"] = m.Dim });
        Add<LSTM>((r, s) => new LSTM(Infer(r, "input_size", s, -1), r.Int("hidden_size"), r.Int("num_layers", 1), r.Bool("bias", true),
                                     r.Bool("batch_first", false), r.Float("dropout", 0f), r.Bool("bidirectional", false)), Recurrent);
        Add<GRU>((r, s) => new GRU(Infer(r, "input_size", s, -1), r.Int("hidden_size"), r.Int("num_layers", 1), r.Bool("bias", true),
                                   r.Bool("batch_first", false), r.Float("dropout", 0f), r.Bool("bidirectional", false)), Recurrent);
        Add<RNN>((r, s) => new RNN(Infer(r, "input_size", s, -1), r.Int("hidden_size"), r.Int("num_layers", 1),
                                   r.Choice("nonlinearity", "tanh", "tanh", "relu") == "relu" ? RnnNonlinearity.Relu : RnnNonlinearity.Tanh,
                                   r.Bool("bias", true), r.Bool("batch_first", false), r.Float("dropout", 0f), r.Bool("bidirectional", false)),
            m => { var o = Recurrent(m); o["nonlinearity"] = m.Nonlinearity == RnnNonlinearity.Relu ? "relu" : "tanh"; return o; });
        Add<LastStep>((r, _) => new LastStep(r.Bool("batch_first", true)), m => new() { ["batch_first"] = m.BatchFirst });
        Add<MultiHeadAttention>((r, s) => new MultiHeadAttention(Infer(r, "embed_dim", s, -1), r.Int("num_heads"), r.Float("dropout", 0f), r.Bool("bias", true), r.Bool("batch_first", false)),
            m => new() { ["embed_dim"] = m.EmbedDim, ["num_heads"] = m.NumHeads, ["dropout"] = m.DropoutP, ["bias"] = m.InProjBias is not null, ["batch_first"] = m.BatchFirst });
        Add<TransformerEncoderLayer>((r, s) => new TransformerEncoderLayer(Infer(r, "d_model", s, -1), r.Int("nhead"), r.Int("dim_feedforward", 2048), r.Float("dropout", 0.1f),
                                         r.Choice("activation", "relu", "relu", "gelu") == "gelu" ? TransformerActivation.Gelu : TransformerActivation.Relu,
                                         r.Float("layer_norm_eps", 1e-5f), r.Bool("batch_first", false), r.Bool("norm_first", false)),
            m => new() { ["d_model"] = m.SelfAttn.EmbedDim, ["nhead"] = m.SelfAttn.NumHeads, ["dim_feedforward"] = m.Linear1.OutFeatures, ["dropout"] = m.Dropout.P,
                         ["activation"] = m.Activation == TransformerActivation.Gelu ? "gelu" : "relu", ["layer_norm_eps"] = m.Norm1.Eps,
                         ["batch_first"] = m.SelfAttn.BatchFirst, ["norm_first"] = m.NormFirst });
        Add<SinusoidalPositionalEncoding>((r, s) => new SinusoidalPositionalEncoding(Infer(r, "d_model", s, -1), r.Int("max_len", 5000), r.Float("dropout", 0f), r.Bool("batch_first", true)),
            m => new() { ["d_model"] = m.DModel, ["max_len"] = m.MaxLen, ["dropout"] = m.DropoutP, ["batch_first"] = m.BatchFirst });
        Add<LearnedPositionalEncoding>((r, s) => new LearnedPositionalEncoding(r.Int("max_len"), Infer(r, "d_model", s, -1), r.Float("dropout", 0f), r.Bool("batch_first", true)),
            m => new() { ["max_len"] = m.MaxLen, ["d_model"] = m.DModel, ["dropout"] = m.DropoutP, ["batch_first"] = m.BatchFirst });
        return e;
    }

    private static JsonObject Recurrent(RecurrentLayer m) => new()
    {
        ["input_size"] = m.InputSize, ["hidden_size"] = m.HiddenSize, ["num_layers"] = m.NumLayers, ["bias"] = m.HasBias,
        ["batch_first"] = m.BatchFirst, ["dropout"] = m.DropoutP, ["bidirectional"] = m.Bidirectional,
    };
}
