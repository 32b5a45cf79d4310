namespace Nabla.Kernels;

/// <summary>
/// Runs one fused recurrent time step (forward or backward) for all rows of a batch, split into row blocks over the
/// worker pool when the step is large enough (rows·H ≥ <see cref="ParallelThreshold"/>); rows are independent, so
/// the result does not depend on the split.
/// </summary>
internal static unsafe class RecurrentStep
{
    /// <summary>Fewest state elements (rows·H) per step for which the step is split over threads.</summary>
    internal static int ParallelThreshold = 4096;

    /// <summary>The operands of one step; unused pointers are null (see the cell kernels for their meaning).</summary>
    internal struct Operands
    {
        public RecurrentCellKind Kind;
        public int Rows, Hidden, T;
        public int* Lengths;
        /// <summary>Forward: pre-activations in, activations out. Backward: the saved activations.</summary>
        public float* Gates;
        /// <summary>GRU: hidden projections.</summary>
        public float* HiddenProj;
        public float* HPrev, HNew, CPrev, CNew, Y;
        public float* Dy, DhIn, Dc, DGates, DHiddenProj, DhOut;
    }

    /// <summary>Forward step.</summary>
    public static void Forward(in Operands op) => Run(op, backward: false);

    /// <summary>Backward step.</summary>
    public static void Backward(in Operands op) => Run(op, backward: true);

    private static void Run(in Operands op, bool backward)
    {
        int tasks = (long)op.Rows * op.Hidden >= ParallelThreshold ? Math.Min(op.Rows, KernelThreads.Count) : 1;
        var body = new Body { Op = op, Backward = backward, Chunk = (op.Rows + tasks - 1) / tasks };
        if (tasks <= 1) body.Invoke(0);
        else WorkerPool.For(tasks, ref body, tasks);
    }

    private struct Body : IParallelFor
    {
        public Operands Op;
        public bool Backward;
        public int Chunk;

        public readonly void Invoke(int index)
        {
            int r0 = index * Chunk, rows = Math.Min(Chunk, Op.Rows - r0);
            if (rows <= 0) return;
            int h = Op.Hidden, g = RecurrentCells.Gates(Op.Kind) * h;
            long s = (long)r0 * h, a = (long)r0 * g;
            int* lens = Op.Lengths is null ? null : Op.Lengths + r0;
            bool relu = Op.Kind == RecurrentCellKind.RnnRelu;
            if (!Backward)
            {
                switch (Op.Kind)
                {
                    case RecurrentCellKind.Lstm:
                        RecurrentLstmKernel.Forward(rows, h, Op.Gates + a, Op.CPrev + s, Op.HPrev + s, Op.CNew + s, Op.HNew + s, Op.Y + s, lens, Op.T);
                        break;
                    case RecurrentCellKind.Gru:
                        RecurrentGruKernel.Forward(rows, h, Op.Gates + a, Op.HiddenProj + a, Op.HPrev + s, Op.HNew + s, Op.Y + s, lens, Op.T);
                        break;
                    default:
                        RecurrentRnnKernel.Forward(rows, h, relu, Op.Gates + a, Op.HPrev + s, Op.HNew + s, Op.Y + s, lens, Op.T);
                        break;
                }
                return;
            }
            switch (Op.Kind)
            {
                case RecurrentCellKind.Lstm:
                    RecurrentLstmKernel.Backward(rows, h, Op.Gates + a, Op.CPrev + s, Op.CNew + s, Op.Dy + s, Op.DhIn + s, Op.Dc + s,
                                                 Op.DGates + a, Op.DhOut + s, lens, Op.T);
                    break;
                case RecurrentCellKind.Gru:
                    RecurrentGruKernel.Backward(rows, h, Op.Gates + a, Op.HiddenProj + a, Op.HPrev + s, Op.Dy + s, Op.DhIn + s,
                                                Op.DGates + a, Op.DHiddenProj + a, Op.DhOut + s, lens, Op.T);
                    break;
                default:
                    RecurrentRnnKernel.Backward(rows, h, relu, Op.HNew + s, Op.Dy + s, Op.DhIn + s, Op.DGates + a, Op.DhOut + s, lens, Op.T);
                    break;
            }
        }
    }
}
