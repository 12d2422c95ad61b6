/** A running throwaway PostgreSQL cluster (see postgres.mjs). */
export interface Cluster {
  url: string;
  port: number;
  /** Stops the cluster, keeping its data (the database goes away). */
  pause(): void;
  /** Starts it again on the same port. */
  resume(): void;
  /** Stops it and removes its folder. */
  stop(): void;
}
export function findPostgresBin(): string | null;
export function startPostgres(options?: { durable?: boolean }): Promise<Cluster>;
