package org.consentledger.query.accesses;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The OpenAPI description of {@link AccessLog#PURPOSE_HEADER} on every endpoint whose reads are recorded. */
@Configuration(proxyBeanMethods = false)
class AccessPurposeDocs {

    @Bean
    OperationCustomizer accessPurposeHeader() {
        return (operation, handler) -> {
            GetMapping get = handler.getMethodAnnotation(GetMapping.class);
            RequestMapping request = handler.getMethodAnnotation(RequestMapping.class);
            Stream<String> paths = Stream.concat(get == null ? Stream.empty() : Arrays.stream(get.value()),
                    request == null ? Stream.empty() : Arrays.stream(request.path()));
            if (paths.anyMatch(AccessPurposeDocs::recorded)) {
                operation.addParametersItem(new HeaderParameter().name(AccessLog.PURPOSE_HEADER).required(false)
                        .description("Why you read this person's data (a case number, say): recorded with the read in "
                                + "the person's record, which the person sees. At most " + AccessLog.PURPOSE_LIMIT
                                + " printable characters, else 400 INVALID_PURPOSE. Every read by anyone but the person "
                                + "is recorded before it is answered, or answered 503 ACCESS_NOT_RECORDED.")
                        .schema(new StringSchema().maxLength(AccessLog.PURPOSE_LIMIT)));
            }
            return operation;
        };
    }

    private static boolean recorded(String path) {
        return path.startsWith("/api/v1/subjects/") || path.equals("/api/v1/apps/{app}/holdings")
                || path.equals("/api/v1/audit/violations");
    }
}
