namespace Nabla.Kernels;

/// <summary>
/// Element-wise binary cross-entropy on probabilities and on logits, forward and backward, over contiguous operands
/// of one shape (weights already broadcast; a null weight means 1). Computed in float64 per element.
/// </summary>
internal static unsafe class BinaryCrossEntropyKernel
{
    /// <summary>PyTorch's floor for the logarithms: log p and log(1 − p) are clamped at −100.</summary>
    private const double LogFloor = -100;

    /// <summary>PyTorch's floor for p(1 − p) in the gradient.</summary>
    private const double GradEpsilon = 1e-12;

    /// <summary>loss = −w·(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)).</summary>
    public static void Forward(float* p, float* t, float* w, float* loss, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double logP = Math.Max(Math.Log(p[i]), LogFloor);
            double log1mP = Math.Max(Math.Log(1.0 - p[i]), LogFloor);
            loss[i] = (float)(-(w is null ? 1.0 : w[i]) * (t[i] * logP + (1.0 - t[i]) * log1mP));
        }
    }

    /// <summary>dp = g·w·(p − t)/max(p(1 − p), 1e-12); g has one value (<paramref name="gStride"/> 0) or one per element.</summary>
    public static void Backward(float* p, float* t, float* w, float* g, int gStride, float* dp, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double pi = p[i];
            double denominator = Math.Max((1.0 - pi) * pi, GradEpsilon);
            dp[i] = (float)(g[(long)i * gStride] * (w is null ? 1.0 : w[i]) * (pi - t[i]) / denominator);
        }
    }

    /// <summary>loss = w·((1 − t)·x + l·softplus(−x)) with l = 1 + (pw − 1)·t (pw = 1 where <paramref name="posWeight"/> is null).</summary>
    public static void ForwardLogits(float* x, float* t, float* w, float* posWeight, float* loss, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double xi = x[i], ti = t[i];
            double l = posWeight is null ? 1.0 : 1.0 + (posWeight[i] - 1.0) * ti;
            double softplusNeg = Math.Log(1.0 + Math.Exp(-Math.Abs(xi))) + Math.Max(-xi, 0);
            loss[i] = (float)((w is null ? 1.0 : w[i]) * ((1.0 - ti) * xi + l * softplusNeg));
        }
    }

    /// <summary>dx = g·w·((1 − t) − l·σ(−x)); equals g·w·(σ(x) − t) without a positive weight.</summary>
    public static void BackwardLogits(float* x, float* t, float* w, float* posWeight, float* g, int gStride, float* dx, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double xi = x[i], ti = t[i];
            double l = posWeight is null ? 1.0 : 1.0 + (posWeight[i] - 1.0) * ti;
            double sigmoidNeg = 1.0 / (1.0 + Math.Exp(xi));
            dx[i] = (float)(g[(long)i * gStride] * (w is null ? 1.0 : w[i]) * ((1.0 - ti) - l * sigmoidNeg));
        }
    }
}
