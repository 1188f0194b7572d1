FROM node:1.0
