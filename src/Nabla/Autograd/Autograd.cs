namespace Nabla;

/// <summary>Switches gradient recording on and off for the current thread.</summary>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>Whether operations are being recorded for backward on this thread.</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>Stops recording until the returned handle is disposed: <c>using (Autograd.NoGrad()) { ... }</c>.</summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope(_noGradDepth);
    }

    /// <summary>Restores recording when disposed.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly int _depth;
        internal NoGradScope(int depth) => _depth = depth;

        /// <summary>Ends the no-grad region; a second call (or a call after an outer region ended) does nothing.</summary>
        public void Dispose()
        {
            if (_depth > 0 && _noGradDepth == _depth) _noGradDepth--;
        }
    }
}
