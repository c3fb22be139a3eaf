import type { Admin } from 'kafkajs';

export const DEFAULT_COMMAND_TOPIC = 'cchc.commands';
export const DEFAULT_EVENT_TOPIC = 'cchc.events';
export const DEFAULT_GROUP = 'cchc-ingest';

/** The dead-letter topic of a command topic. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Creates the topics that do not exist yet (a cluster with auto-creation off needs this). */
export async function ensureTopics(
  admin: Admin,
  topics: readonly { topic: string; numPartitions?: number }[],
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 4, replicationFactor: -1 })),
  });
  return missing.map((t) => t.topic);
}
