package dasweep.driver.trial;

import dasweep.executor.spec.BaseNetworkSpec;

/**
 * What one stage-1 task receives: a base network to train and the store key to put it under.
 *
 * @param key    the recipe's store key
 * @param name   the sweep's name for the network
 * @param recipe how to train it
 */
public record NetworkJob(String key, String name, BaseNetworkSpec recipe) {
}
