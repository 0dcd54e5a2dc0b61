package org.consentledger.query.accesses;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** Holds back every body a controller returns until the accesses its request handed over are taken. */
@ControllerAdvice
class RecordedBeforeAnswer implements ResponseBodyAdvice<Object> {

    private final AccessLog accessLog;

    RecordedBeforeAnswer(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest servlet) {
            accessLog.awaitRecorded(servlet.getServletRequest());
        }
        return body;
    }
}
