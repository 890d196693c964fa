package com.serveurcom.astreinte.call;

import java.util.Optional;

/** What the AMI link knows of the agents' queue. */
@FunctionalInterface
public interface AgentQueue {

  /** Whether at least one agent is logged in to {@code queue}; empty when the AMI link cannot tell. */
  Optional<Boolean> agentsLoggedIn(String queue);
}
