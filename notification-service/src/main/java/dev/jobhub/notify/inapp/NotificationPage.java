package dev.jobhub.notify.inapp;

import java.util.List;

/** One page of a user's notifications, with the unread count the inbox badge shows. */
public record NotificationPage(List<NotificationView> data, long unreadCount, Pagination pagination) {

    public record Pagination(int page, int limit, long total, int pages) {
    }
}
