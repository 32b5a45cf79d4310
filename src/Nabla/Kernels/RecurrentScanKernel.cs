using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The time loops of a fused recurrent scan (see <c>Tensor.RecurrentScan</c>): forward, per step, the hidden
/// product Wₕₕhₜ₋₁ (one GEMM) and the fused cell kernel; backward, per step, the fused cell backward and
/// dhₜ₋₁ = dAₜ·Wₕₕ (one GEMM). Rows of the batch never interact, so the batch is split into row blocks once per
/// sequence, each block running its whole time loop on one thread of the worker pool (one parallel region per
/// scan instead of two per step); results do not depend on the split.
/// </summary>
internal static unsafe class RecurrentScanKernel
{
    /// <summary>Fewest state elements (rows·H) per step for which the rows are split over threads.</summary>
    internal static int ParallelThreshold = 4096;

    /// <summary>
    /// The buffers of one scan, all row-major and time-major; unused pointers are null. Steps are stored at their
    /// time index t; state slot 0 holds the state before the first processed step (slot T when
    /// <see cref="Reverse"/>), and the state after step t is in slot t + 1 (slot t when reversed).
    /// </summary>
    internal struct Operands
    {
        public RecurrentCellKind Kind;
        public int Steps, Rows, Hidden;
        /// <summary>Row blocks the batch is split into (see <see cref="Blocks"/>).</summary>
        public int Blocks;
        public bool Reverse;
        /// <summary>Each row's sequence length, or null when all are <see cref="Steps"/>.</summary>
        public int* Lengths;
        /// <summary>[T, N, G·H]: forward, the input-side pre-activations in (with bₕₕ except for GRU), the gate
        /// activations out; backward, the saved activations.</summary>
        public float* Gates;
        /// <summary>GRU: the hidden projections Wₕₕh + bₕₕ, [T, N, 3H] (written forward, read backward).</summary>
        public float* HiddenProj;
        /// <summary>Hidden states [T + 1, N, H].</summary>
        public float* States;
        /// <summary>LSTM cell states [T + 1, N, H].</summary>
        public float* Cells;
        /// <summary>Forward: Wₕₕᵀ [H, G·H].</summary>
        public float* WeightHhT;
        /// <summary>Backward: Wₕₕ [G·H, H].</summary>
        public float* WeightHh;
        /// <summary>GRU forward: bₕₕ [3H] or null.</summary>
        public float* BiasHh;
        /// <summary>Forward: the outputs [T, N, H].</summary>
        public float* Y;
        /// <summary>Backward: the gradient of the outputs [T, N, H].</summary>
        public float* Dy;
        /// <summary>Backward: two [N, H] buffers; DhA holds the gradient of the final hidden state. After the loop
        /// the gradient of the initial state is in DhA when T is even, DhB when odd.</summary>
        public float* DhA, DhB;
        /// <summary>LSTM backward: [N, H], the gradient of the final cell state in, of the initial one out.</summary>
        public float* Dc;
        /// <summary>Backward: the pre-activation gradients [T, N, G·H] (the input side for GRU).</summary>
        public float* DGates;
        /// <summary>GRU backward: the hidden-projection gradients [T, N, 3H].</summary>
        public float* DHiddenProj;
        /// <summary>Backward, or null: [Blocks, G·H], zeroed; block b adds Σ over its rows and all steps of
        /// <see cref="DGates"/> into row b (the bias gradient, summed while the gradients are in cache).</summary>
        public float* DBias;
    }

    /// <summary>Row blocks a scan of <paramref name="rows"/> rows of <paramref name="hidden"/> units runs in.</summary>
    public static int Blocks(int rows, int hidden) =>
        (long)rows * hidden >= ParallelThreshold ? Math.Max(1, Math.Min(rows, KernelThreads.Count)) : 1;

    /// <summary>Runs the forward time loop.</summary>
    public static void Forward(in Operands op) => Run(op, backward: false);

    /// <summary>Runs the backward time loop (backpropagation through time, without the weight gradients).</summary>
    public static void Backward(in Operands op) => Run(op, backward: true);

    private static void Run(in Operands op, bool backward)
    {
        var body = new Body { Op = op, Backward = backward };
        if (op.Blocks <= 1) body.Invoke(0);
        else WorkerPool.For(op.Blocks, ref body, op.Blocks);
    }

    private struct Body : IParallelFor
    {
        public Operands Op;
        public bool Backward;

        public readonly void Invoke(int index)
        {
            int blocks = Math.Max(1, Op.Blocks);
            int r0 = (int)((long)Op.Rows * index / blocks), r1 = (int)((long)Op.Rows * (index + 1) / blocks);
            if (r1 <= r0) return;
            if (Backward) RunBackward(Op, r0, r1 - r0, index);
            else RunForward(Op, r0, r1 - r0);
        }
    }

    private static void RunForward(in Operands op, int r0, int rows)
    {
        int h = op.Hidden, g = RecurrentCells.Gates(op.Kind) * h, steps = op.Steps;
        long state = (long)op.Rows * h, gateStep = (long)op.Rows * g;
        float* hs = op.States + (long)r0 * h, gates = op.Gates + (long)r0 * g, y = op.Y + (long)r0 * h;
        float* cs = op.Cells is null ? null : op.Cells + (long)r0 * h;
        float* gh = op.HiddenProj is null ? null : op.HiddenProj + (long)r0 * g;
        int* lens = op.Lengths is null ? null : op.Lengths + r0;
        bool relu = op.Kind == RecurrentCellKind.RnnRelu;
        for (int s = 0; s < steps; s++)
        {
            int t = op.Reverse ? steps - 1 - s : s;
            long prev = (op.Reverse ? t + 1 : t) * state, next = (op.Reverse ? t : t + 1) * state;
            float* a = gates + t * gateStep, yt = y + t * state;
            switch (op.Kind)
            {
                case RecurrentCellKind.Lstm:
                    Gemm.Sgemm(false, false, rows, g, h, 1f, hs + prev, h, op.WeightHhT, g, 1f, a, g);
                    RecurrentLstmKernel.Forward(rows, h, a, cs + prev, hs + prev, cs + next, hs + next, yt, lens, t);
                    break;
                case RecurrentCellKind.Gru:
                    float* p = gh + t * gateStep;
                    Gemm.SgemmBiasAct(false, false, rows, g, h, 1f, hs + prev, h, op.WeightHhT, g, 0f, p, g, op.BiasHh, GemmActivation.None);
                    RecurrentGruKernel.Forward(rows, h, a, p, hs + prev, hs + next, yt, lens, t);
                    break;
                default:
                    Gemm.Sgemm(false, false, rows, g, h, 1f, hs + prev, h, op.WeightHhT, g, 1f, a, g);
                    RecurrentRnnKernel.Forward(rows, h, relu, a, hs + prev, hs + next, yt, lens, t);
                    break;
            }
        }
    }

    private static void RunBackward(in Operands op, int r0, int rows, int block)
    {
        int h = op.Hidden, g = RecurrentCells.Gates(op.Kind) * h, steps = op.Steps;
        long state = (long)op.Rows * h, gateStep = (long)op.Rows * g;
        float* hs = op.States + (long)r0 * h, act = op.Gates + (long)r0 * g, dy = op.Dy + (long)r0 * h;
        float* cs = op.Cells is null ? null : op.Cells + (long)r0 * h;
        float* gh = op.HiddenProj is null ? null : op.HiddenProj + (long)r0 * g;
        float* dgx = op.DGates + (long)r0 * g;
        float* dgh = op.DHiddenProj is null ? dgx : op.DHiddenProj + (long)r0 * g;
        float* dc = op.Dc is null ? null : op.Dc + (long)r0 * h;
        float* dhIn = op.DhA + (long)r0 * h, dhOut = op.DhB + (long)r0 * h;
        int* lens = op.Lengths is null ? null : op.Lengths + r0;
        bool relu = op.Kind == RecurrentCellKind.RnnRelu;
        var dBias = op.DBias is null ? default : new Span<float>(op.DBias + (long)block * g, g);
        for (int k = 0; k < steps; k++)
        {
            int t = op.Reverse ? k : steps - 1 - k;
            long prev = (op.Reverse ? t + 1 : t) * state, next = (op.Reverse ? t : t + 1) * state;
            long gOff = t * gateStep;
            float* dyt = dy + t * state;
            switch (op.Kind)
            {
                case RecurrentCellKind.Lstm:
                    RecurrentLstmKernel.Backward(rows, h, act + gOff, cs + prev, cs + next, dyt, dhIn, dc, dgx + gOff, dhOut, lens, t);
                    break;
                case RecurrentCellKind.Gru:
                    RecurrentGruKernel.Backward(rows, h, act + gOff, gh + gOff, hs + prev, dyt, dhIn, dgx + gOff, dgh + gOff, dhOut, lens, t);
                    break;
                default:
                    RecurrentRnnKernel.Backward(rows, h, relu, hs + next, dyt, dhIn, dgx + gOff, dhOut, lens, t);
                    break;
            }
            if (!dBias.IsEmpty)
                for (int r = 0; r < rows; r++)
                    TensorPrimitives.Add(dBias, new ReadOnlySpan<float>(dgx + gOff + (long)r * g, g), dBias);
            Gemm.Sgemm(false, false, rows, h, g, 1f, dgh + gOff, g, op.WeightHh, h, 1f, dhOut, h);
            float* swap = dhIn;
            dhIn = dhOut;
            dhOut = swap;
        }
    }
}
