/** What the Kafka test project's global setup hands to the tests (`inject('kafka')`). */
export type KafkaTestEnvironment =
  | { readonly brokers: readonly string[]; readonly libs: string; readonly skipReason?: undefined }
  | { readonly skipReason: string; readonly brokers?: undefined; readonly libs?: undefined };

declare module 'vitest' {
  export interface ProvidedContext {
    kafka: KafkaTestEnvironment;
  }
}
