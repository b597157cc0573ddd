import { In, type DataSource, type DeepPartial, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral, type Repository } from 'typeorm';

/**
 * Only repositories touch the database. Every method takes an optional EntityManager so that a service can
 * make several writes (a state change, its audit entry, its outbox event) in one transaction.
 */
export abstract class BaseRepository<T extends ObjectLiteral & { id: string }> {
  constructor(
    protected readonly dataSource: DataSource,
    private readonly entity: EntityTarget<T>,
  ) {}

  protected repo(manager?: EntityManager): Repository<T> {
    return (manager ?? this.dataSource.manager).getRepository(this.entity);
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).findBy({ id: In([...ids]) } as FindOptionsWhere<T>);
  }

  save(entity: DeepPartial<T>, manager?: EntityManager): Promise<T> {
    return this.repo(manager).save(entity);
  }

  count(manager?: EntityManager): Promise<number> {
    return this.repo(manager).count();
  }

  /** Runs work in one transaction; repositories called with the given manager take part in it. */
  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }
}
