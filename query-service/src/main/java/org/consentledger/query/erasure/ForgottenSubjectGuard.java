package org.consentledger.query.erasure;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.consentledger.security.SubjectForgotten;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A forgotten subject's endpoints answer 410 {@code SUBJECT_FORGOTTEN} (to whoever may call them),
 * until a new report about the subject starts a new record.
 */
@Configuration
class ForgottenSubjectGuard implements WebMvcConfigurer, HandlerInterceptor {

    private final SubjectKeys keys;

    ForgottenSubjectGuard(SubjectKeys keys) {
        this.keys = keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/subjects/*/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables instanceof Map<?, ?> map && map.get("subject") instanceof String subject && keys.forgotten(subject)) {
            throw new SubjectForgotten();
        }
        return true;
    }
}
