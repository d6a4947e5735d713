using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    /// <summary>The dirty check runs in the background (issue 7: cost); what the statement records must not change.</summary>
    [TestClass]
    public sealed class GitSourceInfoTests
    {
        [TestMethod]
        public void A_pending_dirty_check_is_awaited_when_first_read()
        {
            var completion = new TaskCompletionSource<bool?>();
            var info = new GitSourceInfo();
            info.DirtyWhenDone(completion.Task);
            Task<bool?> reader = Task.Run(() => info.Dirty);
            Assert.IsFalse(reader.Wait(100), "Dirty must wait for the check, not report 'unknown' early.");
            completion.SetResult(true);
            Assert.AreEqual(true, reader.Result);
            Assert.AreEqual(true, info.Dirty);
        }

        [TestMethod]
        public void An_unknown_result_stays_unknown_and_a_value_set_later_wins()
        {
            var info = new GitSourceInfo();
            info.DirtyWhenDone(Task.FromResult<bool?>(null));
            Assert.IsNull(info.Dirty);

            info.DirtyWhenDone(Task.FromResult<bool?>(true));
            info.Dirty = false;
            Assert.AreEqual(false, info.Dirty);
        }
    }
}
