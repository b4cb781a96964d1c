package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.sweep.CostModel;
import org.junit.jupiter.api.Test;

/** Progress counts trials, not tasks: packs report several trials, adopted ones count up front; the ETA's basis. */
class TrialCountTest {
    @Test
    void aPackOfThreeMovesTheCountOneTrialAtATime() {
        TrialCount count = new TrialCount(6, 1);
        count.networksReady(1, true);
        assertEquals(0, count.counts().done());
        count.running(7, 1, 0);                    // a heartbeat: the pack's first trial is staged
        assertEquals(1, count.counts().done());
        count.running(8, 1, 1);                    // the other pack's first trial failed
        count.running(7, 2, 0);
        assertEquals(3, count.counts().done());
        assertEquals(1, count.counts().failed());
        count.ended(7, 3, 0, true);                // the first pack ends with its three trials
        assertEquals(4, count.counts().done());
        count.ended(8, 3, 1, true);
        TrialCount.Counts c = count.counts();
        assertEquals(6, c.done());
        assertEquals(6, c.computed());
        assertEquals(1, c.failed());
        assertEquals(1, c.networksDone());
    }

    @Test
    void adoptedAndTableTrialsCountUpFrontButNotAsComputed() {
        TrialCount count = new TrialCount(10, 2);
        count.networksReady(2, false);             // both networks were in the store
        count.alreadyDone(4);                      // 3 in the table, 1 adopted from staging
        TrialCount.Counts c = count.counts();
        assertEquals(4, c.done());
        assertEquals(0, c.computed());
        assertEquals(0, c.built());
        count.running(1, 2, 0);
        assertEquals(6, count.counts().done());
        assertEquals(2, count.counts().computed());
    }

    @Test
    void lateOrStaleHeartbeatsNeverMoveTheCountBackOrTwice() {
        TrialCount count = new TrialCount(5, 1);
        count.running(3, 2, 0);
        count.running(3, 1, 0);                    // an older heartbeat arriving late
        assertEquals(2, count.counts().done());
        count.ended(3, 3, 0, true);
        count.running(3, 3, 0);                    // a heartbeat processed after the task's end
        assertEquals(3, count.counts().done());
        count.ended(3, 3, 0, true);                // the same end twice
        assertEquals(3, count.counts().done());
    }

    @Test
    void aKilledTaskLosesItsRunningCount() {
        TrialCount count = new TrialCount(5, 1);
        count.running(9, 2, 0);
        assertTrue(count.tracks(9));
        count.ended(9, 0, 0, false);
        assertEquals(0, count.counts().done());
    }

    @Test
    void aReturnedJobIsAFloorWhileItsTaskEndsAreStillOnTheirWay() {
        TrialCount count = new TrialCount(6, 1);
        count.alreadyDone(1);
        count.collected(3, 1);                     // the job returned; no task end has reached the listener yet
        assertEquals(4, count.counts().done());
        assertEquals(1, count.counts().failed());
        count.ended(1, 3, 1, true);                // its end arrives: counted once
        assertEquals(4, count.counts().done());
        count.running(2, 2, 0);
        assertEquals(6, count.counts().done());
    }

    @Test
    void theEtaIsTheCostModelUntilATrialIsComputedThenScaledByThePace() {
        // 10 trials of 40 core-seconds, 2 networks of 100, on 2 cores: 20 s a trial, 50 s a network
        ProgressEstimate e = ProgressEstimate.of(new CostModel.Estimate(200, 2, 400, 10), 2, 2);
        assertEquals(20, e.trialSeconds(), 1e-9);
        assertEquals(50, e.networkSeconds(), 1e-9);
        TrialCount count = new TrialCount(10, 2);
        ProgressEstimate.Eta start = e.eta(count.counts(), 5);
        assertEquals(10 * 20 + 2 * 50, start.seconds(), 1e-9);
        assertEquals("cost model", start.basis());
        count.networksReady(2, true);
        count.running(1, 2, 0);
        // model work done: 2 networks (100 s) + 2 trials (40 s) = 140 s, in 280 s elapsed: pace 2
        ProgressEstimate.Eta later = e.eta(count.counts(), 280);
        assertEquals(8 * 20 * 2.0, later.seconds(), 1e-9);
        assertEquals("cost model × measured pace 2.00", later.basis());
        assertEquals("dasweep: trials 2/10 done (0 failed), networks 2/2, 4m40s elapsed, ETA 5m20s (cost model × "
                + "measured pace 2.00)", RunProgress.line(count.counts(), 280, later));
    }
}
