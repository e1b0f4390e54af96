/**
 * Readiness of each component of the process. Liveness is separate: a process
 * whose consumer died reports not live, so that its supervisor restarts it.
 */
export class HealthRegistry {
  private readonly ready = new Map<string, boolean>();
  private readonly dead = new Map<string, string>();

  setReady(component: string, ready: boolean): void {
    this.ready.set(component, ready);
  }

  markDead(component: string, reason: string): void {
    this.dead.set(component, reason);
  }

  isReady(): boolean {
    return this.ready.size > 0 && [...this.ready.values()].every(Boolean) && this.isLive();
  }

  isLive(): boolean {
    return this.dead.size === 0;
  }

  report(): {
    live: boolean;
    ready: boolean;
    components: Record<string, boolean>;
    dead: Record<string, string>;
  } {
    return {
      live: this.isLive(),
      ready: this.isReady(),
      components: Object.fromEntries(this.ready),
      dead: Object.fromEntries(this.dead),
    };
  }
}
