using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// One direction of one recurrent layer over a whole sequence, as a single differentiable op. The input
    /// projection of every time step is one GEMM ([T·N, in] × [in, G·H]); each step then runs one GEMM with Wₕₕ and
    /// one fused kernel (gate nonlinearities and state update); backward runs through time in one loop, and the
    /// weight and input gradients are again single GEMMs over all steps.
    /// </summary>
    /// <param name="kind">The cell.</param>
    /// <param name="input">[T, N, in], time-major.</param>
    /// <param name="weightIh">[G·H, in].</param>
    /// <param name="weightHh">[G·H, H].</param>
    /// <param name="biasIh">[G·H] or null.</param>
    /// <param name="biasHh">[G·H] or null.</param>
    /// <param name="h0">[N, H], the state before the first step, or null for zeros.</param>
    /// <param name="c0">[N, H], the LSTM cell state before the first step, or null for zeros (ignored by other cells).</param>
    /// <param name="lengths">Each sequence's length (1..T), or null when all have length T.</param>
    /// <param name="reverse">Run from the last valid step of each sequence back to step 0.</param>
    /// <returns>[T + 1, N, H] (or [T + 2, N, H] for LSTM): the outputs of steps 0..T−1 (zero past a sequence's
    /// length), then the final hidden state, then (LSTM) the final cell state.</returns>
    internal static unsafe Tensor RecurrentScan(RecurrentCellKind kind, Tensor input, Tensor weightIh, Tensor weightHh,
        Tensor? biasIh, Tensor? biasHh, Tensor? h0, Tensor? c0, int[]? lengths, bool reverse)
    {
        int steps = input.Shape[0], batch = input.Shape[1], inSize = input.Shape[2];
        int hidden = weightHh.Shape[1], gates = RecurrentCells.Gates(kind) * hidden;
        bool lstm = kind == RecurrentCellKind.Lstm, gru = kind == RecurrentCellKind.Gru;
        int stateSize = batch * hidden;

        var x = input.IsContiguous ? input.Detach() : input.Detach().Contiguous();
        var saved = new RecurrentSaved
        {
            Kind = kind, Steps = steps, Batch = batch, Hidden = hidden, Reverse = reverse, Lengths = lengths, X = x,
            Gates = Allocate([steps, batch, gates]),
            States = Allocate([steps + 1, batch, hidden]),
            Cells = lstm ? Allocate([steps + 1, batch, hidden]) : null,
            HiddenProj = gru ? Allocate([steps, batch, gates]) : null,
        };
        var result = Allocate([steps + (lstm ? 2 : 1), batch, hidden]);

        // Input projection for every step at once, with bᵢₕ (and, except for GRU, bₕₕ) in the epilogue.
        Tensor? bias = null;
        if (gru) bias = biasIh?.Detach().Contiguous();
        else if (biasIh is not null || biasHh is not null)
        {
            bias = Allocate([gates]);
            var bs = bias.ContiguousSpan();
            bs.Clear();
            if (biasIh is not null) TensorPrimitives.Add(bs, biasIh.Detach().Contiguous().ContiguousSpan(), bs);
            if (biasHh is not null) TensorPrimitives.Add(bs, biasHh.Detach().Contiguous().ContiguousSpan(), bs);
        }
        var wIh = weightIh.Detach().Contiguous();
        // Wₕₕᵀ [H, G·H], transposed once so that every step's GEMM reads it in place, unpacked.
        var wHhT = Allocate([hidden, gates]);
        TransposeInto(weightHh.Detach().Contiguous().ContiguousSpan(), wHhT.ContiguousSpan(), gates, hidden);
        var bHh = gru ? biasHh?.Detach().Contiguous() : null;
        float* gx = saved.Gates.Pointer, hs = saved.States.Pointer, cs = lstm ? saved.Cells!.Pointer : null;
        float* gh = gru ? saved.HiddenProj!.Pointer : null, y = result.Pointer;
        Gemm.SgemmBiasAct(false, true, steps * batch, gates, inSize, 1f, x.Pointer, inSize, wIh.Pointer, inSize, 0f, gx, gates,
                          bias is null ? null : bias.Pointer, GemmActivation.None);

        int initSlot = reverse ? steps : 0;
        InitialState(h0, hs + (long)initSlot * stateSize, stateSize);
        if (lstm) InitialState(c0, cs + (long)initSlot * stateSize, stateSize);
        else c0 = null;
        fixed (int* lens = lengths)
        {
            RecurrentScanKernel.Forward(new RecurrentScanKernel.Operands
            {
                Kind = kind, Steps = steps, Rows = batch, Hidden = hidden, Blocks = RecurrentScanKernel.Blocks(batch, hidden),
                Reverse = reverse, Lengths = lens,
                Gates = gx, HiddenProj = gh, States = hs, Cells = cs, WeightHhT = wHhT.Pointer,
                BiasHh = bHh is null ? null : bHh.Pointer, Y = y,
            });
        }
        int finalSlot = reverse ? 0 : steps;
        new ReadOnlySpan<float>(hs + (long)finalSlot * stateSize, stateSize).CopyTo(new Span<float>(y + (long)steps * stateSize, stateSize));
        if (lstm)
            new ReadOnlySpan<float>(cs + (long)finalSlot * stateSize, stateSize).CopyTo(new Span<float>(y + (long)(steps + 1) * stateSize, stateSize));

        bool needs = input.RequiresGrad || weightIh.RequiresGrad || weightHh.RequiresGrad || (biasIh?.RequiresGrad ?? false)
                     || (biasHh?.RequiresGrad ?? false) || (h0?.RequiresGrad ?? false) || (c0?.RequiresGrad ?? false);
        if (Autograd.IsEnabled && needs)
            result.SetGradFn(new RecurrentNode(input, weightIh, weightHh, biasIh, biasHh, h0, c0, saved));
        return result;
    }

    /// <summary>Copies an initial state into its slot, or zeros it when there is none.</summary>
    private static unsafe void InitialState(Tensor? state, float* slot, int size)
    {
        var dst = new Span<float>(slot, size);
        if (state is null) dst.Clear();
        else state.Detach().Contiguous().ContiguousSpan().CopyTo(dst);
    }

    /// <summary>dst [cols, rows] = srcᵀ for a row-major src [rows, cols].</summary>
    private static void TransposeInto(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++)
                dst[c * rows + r] = row[c];
        }
    }

    /// <summary>What the forward pass of a recurrent scan keeps for backward.</summary>
    private sealed class RecurrentSaved
    {
        public RecurrentCellKind Kind;
        public int Steps, Batch, Hidden;
        public bool Reverse;
        public int[]? Lengths;
        public required Tensor X;
        /// <summary>Gate activations per step, [T, N, G·H].</summary>
        public required Tensor Gates;
        /// <summary>Hidden states [T + 1, N, H]: h0 then the state after each step, in processing order.</summary>
        public required Tensor States;
        /// <summary>LSTM cell states, laid out as <see cref="States"/>.</summary>
        public Tensor? Cells;
        /// <summary>GRU hidden projections Wₕₕh + bₕₕ per step, [T, N, 3H].</summary>
        public Tensor? HiddenProj;
    }

    private sealed class RecurrentNode : Node
    {
        /// <summary>Input widths below one 512-bit GEMM micro-tile (64 columns) get dWᵢₕ as a transposed product.</summary>
        private const int NarrowInput = 64;

        private readonly int _bIh, _bHh, _h0, _c0;
        private RecurrentSaved? _saved;

        public RecurrentNode(Tensor input, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0,
                             Tensor? c0, RecurrentSaved saved)
            : base(saved.Kind.ToString().ToLowerInvariant(), Inputs(input, weightIh, weightHh, biasIh, biasHh, h0, c0))
        {
            int next = 3;
            _bIh = biasIh is null ? -1 : next++;
            _bHh = biasHh is null ? -1 : next++;
            _h0 = h0 is null ? -1 : next++;
            _c0 = c0 is null ? -1 : next;
            _saved = saved;
        }

        private static Tensor[] Inputs(Tensor input, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? h0, Tensor? c0)
        {
            var list = new List<Tensor>(7) { input, weightIh, weightHh };
            if (biasIh is not null) list.Add(biasIh);
            if (biasHh is not null) list.Add(biasHh);
            if (h0 is not null) list.Add(h0);
            if (c0 is not null) list.Add(c0);
            return [.. list];
        }

        protected override void ReleaseSaved() => _saved = null;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var s = _saved!;
            int steps = s.Steps, batch = s.Batch, hidden = s.Hidden, gates = RecurrentCells.Gates(s.Kind) * hidden;
            int inSize = s.X.Shape[2], stateSize = batch * hidden;
            bool lstm = s.Kind == RecurrentCellKind.Lstm, gru = s.Kind == RecurrentCellKind.Gru;
            var gc = g.Contiguous();
            var wHh = Input(2).Contiguous();
            var dGx = Allocate([steps, batch, gates]);
            var dGh = gru ? Allocate([steps, batch, gates]) : dGx;
            var dhA = Allocate([batch, hidden]);
            var dhB = Allocate([batch, hidden]);
            var dc = lstm ? Allocate([batch, hidden]) : null;
            float* gp = gc.Pointer;
            new ReadOnlySpan<float>(gp + (long)steps * stateSize, stateSize).CopyTo(dhA.ContiguousSpan());
            if (lstm) new ReadOnlySpan<float>(gp + (long)(steps + 1) * stateSize, stateSize).CopyTo(dc!.ContiguousSpan());

            float* act = s.Gates.Pointer, hs = s.States.Pointer, cs = lstm ? s.Cells!.Pointer : null;
            float* gh = gru ? s.HiddenProj!.Pointer : null;
            float* dgx = dGx.Pointer, dgh = dGh.Pointer, dcp = lstm ? dc!.Pointer : null;
            int blocks = RecurrentScanKernel.Blocks(batch, hidden);
            // Partial bias gradients Σ dA per row block, summed by the time loop (the input-side bias; for LSTM and
            // RNN the hidden-side one is the same sum).
            bool biasGrad = (_bIh >= 0 && NeedsGrad(_bIh)) || (!gru && _bHh >= 0 && NeedsGrad(_bHh));
            var partial = biasGrad ? Allocate([blocks, gates]) : null;
            partial?.ContiguousSpan().Clear();
            fixed (int* lens = s.Lengths)
            {
                RecurrentScanKernel.Backward(new RecurrentScanKernel.Operands
                {
                    Kind = s.Kind, Steps = steps, Rows = batch, Hidden = hidden, Blocks = blocks, Reverse = s.Reverse,
                    Lengths = lens, Gates = act, HiddenProj = gh, States = hs, Cells = cs, WeightHh = wHh.Pointer, Dy = gp,
                    DhA = dhA.Pointer, DhB = dhB.Pointer, Dc = dcp, DGates = dgx, DHiddenProj = gru ? dgh : null,
                    DBias = partial is null ? null : partial.Pointer,
                });
            }
            int rows = steps * batch;
            if (NeedsGrad(0))
            {
                var wIh = Input(1).Contiguous();
                var dx = Allocate(Input(0).Shape);
                Gemm.Sgemm(false, false, rows, inSize, gates, 1f, dgx, gates, wIh.Pointer, inSize, 0f, dx.Pointer, inSize);
                grads[0] = dx;
            }
            if (NeedsGrad(1))
            {
                var dw = Allocate(Input(1).Shape);
                if (inSize < NarrowInput)
                {
                    // dWᵢₕᵀ = Xᵀ·dA, then transposed: a narrow [G·H, in] product would fill its GEMM tiles only partly.
                    var dwT = Allocate([inSize, gates]);
                    Gemm.Sgemm(true, false, inSize, gates, rows, 1f, s.X.Pointer, inSize, dgx, gates, 0f, dwT.Pointer, gates);
                    TransposeInto(dwT.ContiguousSpan(), dw.ContiguousSpan(), inSize, gates);
                }
                else
                {
                    Gemm.Sgemm(true, false, gates, inSize, rows, 1f, dgx, gates, s.X.Pointer, inSize, 0f, dw.Pointer, inSize);
                }
                grads[1] = dw;
            }
            if (NeedsGrad(2))
            {
                var dw = Allocate(Input(2).Shape);
                float* hPrev = hs + (s.Reverse ? stateSize : 0);
                Gemm.Sgemm(true, false, gates, hidden, rows, 1f, dgh, gates, hPrev, hidden, 0f, dw.Pointer, hidden);
                grads[2] = dw;
            }
            Tensor? dbIh = partial is null ? null : ColumnSums(partial, blocks, gates);
            if (_bIh >= 0 && NeedsGrad(_bIh)) grads[_bIh] = dbIh;
            if (_bHh >= 0 && NeedsGrad(_bHh))
                grads[_bHh] = gru ? ColumnSums(dGh, rows, gates) : _bIh >= 0 && NeedsGrad(_bIh) ? dbIh!.Clone() : dbIh;
            if (_h0 >= 0 && NeedsGrad(_h0))
                grads[_h0] = (s.Steps % 2 == 0 ? dhA : dhB).Reshape(Input(_h0).Shape);
            if (_c0 >= 0 && NeedsGrad(_c0)) grads[_c0] = dc!.Reshape(Input(_c0).Shape);
        }

        /// <summary>Σ over rows of a [rows, cols] matrix.</summary>
        private static Tensor ColumnSums(Tensor m, int rows, int cols)
        {
            var sum = Allocate([cols]);
            var acc = sum.ContiguousSpan();
            acc.Clear();
            var data = m.ContiguousSpan();
            for (int r = 0; r < rows; r++)
                TensorPrimitives.Add(acc, data.Slice(r * cols, cols), acc);
            return sum;
        }
    }
}
