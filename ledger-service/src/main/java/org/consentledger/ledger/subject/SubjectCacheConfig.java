package org.consentledger.ledger.subject;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps recently used subjects' aggregates in memory (bounded, least recently used first out), so a
 * command does not re-read and replay the subject's whole history. Whoever rolls back a transaction
 * that touched aggregates must clear it: the cache is updated when Axon's unit of work commits, which
 * joins, but precedes, the database transaction.
 */
@Configuration
class SubjectCacheConfig {

    static final String CACHE = "subjectCache";

    @Bean(destroyMethod = "close")
    CacheManager subjectCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean(CACHE)
    Cache subjectCache(CacheManager subjectCacheManager, SubjectProperties subjects) {
        return new EhCache3Adapter((Ehcache<Object, Object>) subjectCacheManager.createCache("subjects",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(subjects.cachedSubjects()))));
    }
}
