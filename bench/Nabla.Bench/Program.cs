namespace Nabla.Bench; static class P { static void Main() {} }
